import keras
from keras import layers

inputs = keras.Input(shape=(6,), name="inputs")
dense = layers.Dense(6)(inputs)
add = keras.ops.add(dense, 3.0)
multiply = keras.ops.multiply(add, dense)
relu = keras.ops.relu(multiply)
model = keras.Model(inputs=inputs, outputs=relu, name="raw_ops")

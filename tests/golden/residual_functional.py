import keras
from keras import layers

x = keras.Input(shape=(16,), name="x")
dense_a = layers.Dense(16, activation="relu", name="dense_a")(x)
dense_b = layers.Dense(16, name="dense_b")(dense_a)
skip = layers.Add(name="skip")([x, dense_b])
relu_out = layers.Activation("relu", name="relu_out")(skip)
model = keras.Model(inputs=x, outputs=relu_out, name="residual_block")

import keras
from keras import layers

left = keras.Input(shape=(10,), name="left")
right = keras.Input(shape=(10,), name="right")
encoder = layers.Dense(6, activation="tanh", name="encoder")
encoder_1 = encoder(left)
encoder_2 = encoder(right)
distance = layers.Subtract(name="distance")([encoder_1, encoder_2])
score = layers.Dense(1, activation="sigmoid", name="score")(distance)
model = keras.Model(inputs=[left, right], outputs=score, name="siamese")

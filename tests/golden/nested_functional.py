import keras
from keras import layers

encoder = keras.Sequential(
    [
        keras.Input(shape=(8,), name="enc_in"),
        layers.Dense(4, activation="relu", name="enc_dense"),
    ],
    name="encoder",
)

head_in = keras.Input(shape=(4,), name="head_in")
head_dense = layers.Dense(2, name="head_dense")(head_in)
head = keras.Model(inputs=head_in, outputs=head_dense, name="head")

inputs = keras.Input(shape=(8,), name="inputs")
encoder_1 = encoder(inputs)
head_1 = head(encoder_1)
model = keras.Model(inputs=inputs, outputs=head_1, name="nested")

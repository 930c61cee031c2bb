import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(12,), dtype="int32", name="tokens"),
        layers.Embedding(50, 8, mask_zero=True, name="embed"),
        layers.Bidirectional(layers.LSTM(6), name="bilstm"),
        layers.Dense(3, activation="softmax", name="out"),
    ],
    name="text_classifier",
)

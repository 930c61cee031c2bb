import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(100,), name="features"),
        layers.Dense(64, activation="relu", name="hidden_1"),
        layers.Dense(64, activation="relu", name="hidden_2"),
        layers.Dense(10, activation="softmax", name="probabilities"),
    ],
    name="mlp",
)

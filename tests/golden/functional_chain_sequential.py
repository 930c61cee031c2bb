import keras
from keras import layers

model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1), name="image"),
        layers.Conv2D(8, 3, activation="relu", name="conv"),
        layers.MaxPooling2D(name="pool"),
        layers.Flatten(),
        layers.Dropout(0.25),
        layers.Dense(10, activation="softmax", name="classifier"),
    ],
    name="small_cnn",
)

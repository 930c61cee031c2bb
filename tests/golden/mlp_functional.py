import keras
from keras import layers

features = keras.Input(shape=(100,), name="features")
hidden_1 = layers.Dense(64, activation="relu", name="hidden_1")(features)
hidden_2 = layers.Dense(64, activation="relu", name="hidden_2")(hidden_1)
probabilities = layers.Dense(10, activation="softmax", name="probabilities")(hidden_2)
model = keras.Model(inputs=features, outputs=probabilities, name="mlp")

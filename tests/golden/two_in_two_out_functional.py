import keras
from keras import layers

title = keras.Input(shape=(12,), name="title")
body = keras.Input(shape=(20,), name="body")
title_features = layers.Dense(8, activation="relu", name="title_features")(title)
body_features = layers.Dense(8, activation="relu", name="body_features")(body)
merged = layers.Concatenate(name="merged")([title_features, body_features])
priority = layers.Dense(1, activation="sigmoid", name="priority")(merged)
department = layers.Dense(4, activation="softmax", name="department")(merged)
model = keras.Model(
    inputs={"title": title, "body": body},
    outputs={"priority": priority, "department": department},
    name="ticket_router",
)

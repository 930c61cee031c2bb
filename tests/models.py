"""Small hand-built models that cover each shape of graph kerasteach reads."""

from __future__ import annotations

import keras
import numpy as np
from keras import layers


def mlp():
    return keras.Sequential(
        [
            keras.Input(shape=(100,), name="features"),
            layers.Dense(64, activation="relu", name="hidden_1"),
            layers.Dense(64, activation="relu", name="hidden_2"),
            layers.Dense(10, activation="softmax", name="probabilities"),
        ],
        name="mlp",
    )


def functional_chain():
    inputs = keras.Input(shape=(28, 28, 1), name="image")
    x = layers.Conv2D(8, 3, activation="relu", name="conv")(inputs)
    x = layers.MaxPooling2D(name="pool")(x)
    x = layers.Flatten(name="flatten")(x)
    x = layers.Dropout(0.25, name="dropout")(x)
    outputs = layers.Dense(10, activation="softmax", name="classifier")(x)
    return keras.Model(inputs, outputs, name="small_cnn")


def residual():
    inputs = keras.Input(shape=(16,), name="x")
    h = layers.Dense(16, activation="relu", name="dense_a")(inputs)
    h = layers.Dense(16, name="dense_b")(h)
    added = layers.Add(name="skip")([inputs, h])
    outputs = layers.Activation("relu", name="relu_out")(added)
    return keras.Model(inputs, outputs, name="residual_block")


def two_in_two_out():
    title = keras.Input(shape=(12,), name="title")
    body = keras.Input(shape=(20,), name="body")
    t = layers.Dense(8, activation="relu", name="title_features")(title)
    b = layers.Dense(8, activation="relu", name="body_features")(body)
    merged = layers.Concatenate(name="merged")([t, b])
    priority = layers.Dense(1, activation="sigmoid", name="priority")(merged)
    department = layers.Dense(4, activation="softmax", name="department")(merged)
    return keras.Model(
        inputs={"title": title, "body": body},
        outputs={"priority": priority, "department": department},
        name="ticket_router",
    )


def list_io():
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    s = layers.Subtract(name="diff")([a, b])
    m = layers.Multiply(name="prod")([a, b])
    return keras.Model([a, b], [s, m], name="list_io")


def shared_encoder():
    left = keras.Input(shape=(10,), name="left")
    right = keras.Input(shape=(10,), name="right")
    encoder = layers.Dense(6, activation="tanh", name="encoder")
    distance = layers.Subtract(name="distance")([encoder(left), encoder(right)])
    score = layers.Dense(1, activation="sigmoid", name="score")(distance)
    return keras.Model([left, right], score, name="siamese")


def nested():
    encoder = keras.Sequential(
        [
            keras.Input(shape=(8,), name="enc_in"),
            layers.Dense(4, activation="relu", name="enc_dense"),
        ],
        name="encoder",
    )
    head_in = keras.Input(shape=(4,), name="head_in")
    head_out = layers.Dense(2, name="head_dense")(head_in)
    head = keras.Model(head_in, head_out, name="head")
    inputs = keras.Input(shape=(8,), name="inputs")
    outputs = head(encoder(inputs))
    return keras.Model(inputs, outputs, name="nested")


def raw_ops():
    inputs = keras.Input(shape=(6,), name="inputs")
    x = layers.Dense(6, name="dense")(inputs)
    y = x + 3.0
    z = keras.ops.multiply(y, x)
    w = keras.ops.relu(z)
    return keras.Model(inputs, w, name="raw_ops")


def ops_calls():
    """keras.ops calls with arguments of their own, a sub-namespace
    (keras.ops.image) and constants the model is called with."""
    inputs = keras.Input(shape=(16,), name="inputs")
    x = keras.ops.reshape(inputs, (-1, 4, 4))
    x = x + np.array([0.0, 0.5, 1.0, 1.5], dtype="float32")
    x = keras.ops.einsum("bij->bji", x)
    x = keras.ops.image.resize(keras.ops.expand_dims(x, -1), (8, 8))
    x = layers.Flatten(name="flatten")(x)
    x = keras.ops.clip(x, -1.0, 1.0) * keras.ops.ones((64,))
    return keras.Model(inputs, x, name="ops_calls")


def rnn_text():
    return keras.Sequential(
        [
            keras.Input(shape=(12,), dtype="int32", name="tokens"),
            layers.Embedding(50, 8, mask_zero=True, name="embed"),
            layers.Bidirectional(layers.LSTM(6, name="lstm"), name="bilstm"),
            layers.Dense(3, activation="softmax", name="out"),
        ],
        name="text_classifier",
    )


def odd_names():
    inputs = keras.Input(shape=(3,), name="class")
    x = layers.Dense(3, name="1st layer")(inputs)
    x = layers.Dense(3, name="naïve 'quoted' \"name\"")(x)
    x = layers.Dense(3, name="line\nbreak")(x)
    x = layers.Dense(2, name="def")(x)
    return keras.Model(inputs, x, name="odd names")


def injection():
    evil = 'x"); import os; os.system("id'
    return keras.Sequential(
        [keras.Input(shape=(3,)), layers.Dense(2, name=evil)], name=evil + "2"
    )


def customized():
    return keras.Sequential(
        [
            keras.Input(shape=(5,)),
            layers.Dense(
                4,
                activation="tanh",
                use_bias=False,
                kernel_initializer=keras.initializers.HeNormal(seed=3),
                kernel_regularizer=keras.regularizers.L2(0.01),
                name="reg",
            ),
            layers.BatchNormalization(momentum=0.9, name="bn"),
            layers.Dense(2, trainable=False, name="frozen"),
        ],
        name="customized",
    )


def augmented():
    """Data augmentation in front of a CNN: Keras records ``training=True``
    on these layers by itself (their call's default)."""
    return keras.Sequential(
        [
            keras.Input(shape=(16, 16, 3)),
            layers.RandomFlip("horizontal"),
            layers.RandomRotation(0.1, seed=1),
            layers.Resizing(12, 12),
            layers.CenterCrop(10, 10),
            layers.Rescaling(1 / 255),
            layers.Conv2D(4, 3, activation="relu"),
            layers.Flatten(),
            layers.Dense(2),
        ],
        name="augmented",
    )


def wrapped_model():
    """A model a layer holds in its config: TimeDistributed applies a small
    CNN to each frame of a clip (Keras stores the CNN's config inside the
    TimeDistributed's, under "layer")."""
    frame = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(2, 3, name="frame_conv"),
            layers.GlobalAveragePooling2D(name="frame_pool"),
        ],
        name="frame_encoder",
    )
    clip = keras.Input(shape=(3, 8, 8, 1), name="clip")
    x = layers.TimeDistributed(frame, name="per_frame")(clip)
    outputs = layers.LSTM(2, name="over_time")(x)
    return keras.Model(clip, outputs, name="clip_classifier")


def skip_tower(blocks: int = 8, multiply: int = 0):
    """``blocks`` residual blocks of one Dense each, the way a ResNet
    repeats them: a skip connection each, merged back by an Add (by a
    Multiply for the last ``multiply`` blocks)."""
    inputs = keras.Input(shape=(8,), name="x")
    x = layers.Dense(8, name="stem")(inputs)
    for b in range(1, blocks + 1):
        h = layers.Dense(8, name=f"block_{b}_dense")(x)
        merge = layers.Multiply if b > blocks - multiply else layers.Add
        x = merge(name=f"block_{b}_{merge.__name__.lower()}")([x, h])
    outputs = layers.Dense(2, name="head")(x)
    return keras.Model(inputs, outputs, name="skip_tower")


def split_tower(blocks: int = 3):
    """``blocks`` times, an output feeds two Dense paths that an Add joins
    again (ResNet's projection shortcuts, an inception module's branches)."""
    inputs = keras.Input(shape=(8,), name="x")
    x = layers.Dense(8, name="stem")(inputs)
    for b in range(1, blocks + 1):
        left = layers.Dense(8, name=f"split_{b}_left")(x)
        right = layers.Dense(8, name=f"split_{b}_right")(x)
        x = layers.Add(name=f"split_{b}_join")([left, right])
    return keras.Model(inputs, x, name="split_tower")


SMALL_MODELS = {
    "mlp": mlp,
    "functional_chain": functional_chain,
    "residual": residual,
    "two_in_two_out": two_in_two_out,
    "list_io": list_io,
    "shared_encoder": shared_encoder,
    "nested": nested,
    "raw_ops": raw_ops,
    "ops_calls": ops_calls,
    "rnn_text": rnn_text,
    "odd_names": odd_names,
    "customized": customized,
    "augmented": augmented,
    "wrapped_model": wrapped_model,
}


class SkipSubclass(keras.Model):
    """A subclassed model with a skip connection: its layers are Keras's
    dense, dense_1, ... and the attributes call() uses, self.h, self.o and
    self.skip."""

    def __init__(self):
        super().__init__(name="skip_model")
        self.h = layers.Dense(3)
        self.o = layers.Dense(1)
        self.skip = layers.Dense(1)

    def call(self, x):
        return self.o(self.h(x)) + self.skip(x)

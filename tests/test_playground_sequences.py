"""The playground's words for shapes that go wrong around recurrent,
embedding and convolution layers: a Dense layer after a last LSTM that
still gives one vector per step, a second LSTM, a Conv1D or a 1-D pooling
layer after one that gives one vector per sequence (or a Bidirectional
one), token ids too big for an Embedding, a Conv2D on sequences, a
Flatten before a Conv2D, Conv1D or LSTM (of images: read row by row),
flat images for an image input and numbers with fractions given to an
Embedding.

Every line a message shows, put in the code, runs.
"""

from __future__ import annotations

import re

import pytest
from _playground import _plain, _problem, _replaced, _shown, _works

_HEAD = "import numpy as np\nimport keras\nfrom keras import layers\n"


# ------------------------------------------- a Dense layer on sequences


def test_a_last_lstm_with_return_sequences_is_told_to_drop_it():
    source = _HEAD + (
        "x = np.random.rand(16, 30, 4)\n"
        "y = np.random.randint(0, 2, size=(16,))\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(30, 4)),\n"
        "    layers.LSTM(8, return_sequences=True),\n"
        "    layers.LSTM(4, return_sequences=True),\n"
        '    layers.Dense(1, activation="sigmoid"),\n'
        "])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    problem = _problem(source, 13)
    message = problem.message
    assert "Layer 'lstm_1' (LSTM, line 9) gives one vector per step" in message
    assert "GlobalAveragePooling2D" not in message
    fixed = _shown(message, "the Dense layer needs here, remove return_sequences=True:")
    assert fixed == "layers.LSTM(4),"
    _works(_replaced(source, 9, fixed))


@pytest.mark.parametrize(
    ("data", "shape", "layer", "pooling"),
    [
        (
            "np.random.randint(0, 50, size=(16, 12))",
            "(12,)",
            "layers.Embedding(50, 4)",
            "1D",
        ),
        ("np.random.rand(16, 8, 8)", "(8, 8)", "layers.Dense(4)", "1D"),
        ("np.random.rand(16, 8, 8, 1)", "(8, 8, 1)", "layers.Conv2D(4, 3)", "2D"),
    ],
)
def test_a_dense_layer_on_more_axes_is_told_the_pooling_of_its_rank(
    data, shape, layer, pooling
):
    source = _HEAD + (
        f"x = {data}\n"
        "y = np.random.randint(0, 2, size=(16,))\n"
        "model = keras.Sequential([\n"
        f"    keras.Input(shape={shape}),\n"
        f"    {layer},\n"
        '    layers.Dense(1, activation="sigmoid"),\n'
        "])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    message = _problem(source, 12).message
    advice = f"Add layers.Flatten() (or layers.GlobalAveragePooling{pooling}())"
    assert advice in message
    other = {"1D": "2D", "2D": "1D"}[pooling]
    assert f"GlobalAveragePooling{other}" not in message
    for added in ("layers.Flatten(),", f"layers.GlobalAveragePooling{pooling}(),"):
        _works(_replaced(source, 8, f"    {layer},", added))


# --------------------------------- a second recurrent layer, one vector


@pytest.mark.parametrize(
    ("lines", "failing", "fixed"),
    [
        (
            [
                "model = keras.Sequential([",
                "    keras.Input(shape=(30, 4)),",
                "    layers.LSTM(8),",
                "    layers.LSTM(4),",
                "    layers.Dense(1),",
                "])",
            ],
            "Layer 'lstm' (LSTM, line 6)",
            "layers.LSTM(8, return_sequences=True),",
        ),
        (
            [
                "inputs = keras.Input(shape=(30, 4))",
                "x = layers.GRU(8)(inputs)",
                "x = layers.GRU(4)(x)",
                "outputs = layers.Dense(1)(x)",
                "model = keras.Model(inputs, outputs)",
            ],
            "Layer 'gru' (GRU, line 5)",
            "x = layers.GRU(8, return_sequences=True)(inputs)",
        ),
    ],
)
def test_a_second_recurrent_layer_says_return_sequences_not_reshape(
    lines, failing, fixed
):
    source = _HEAD + "\n".join(lines) + "\n"
    message = _problem(source, 7 if "Sequential" in lines[0] else 6).message
    assert f"{failing} gives one vector of 8 numbers per sequence" in message
    assert "Reshape" not in message
    assert _shown(message, "one vector per step, with return_sequences=True:") == fixed
    _works(_replaced(source, 6 if "Sequential" in lines[0] else 5, fixed))


@pytest.mark.parametrize(
    "second", ["layers.LSTM(4)", "layers.Bidirectional(layers.LSTM(4))"]
)
def test_a_recurrent_layer_after_a_bidirectional_says_return_sequences_inside(
    second,
):
    lines = [
        "model = keras.Sequential([",
        "    keras.Input(shape=(30, 4)),",
        "    layers.Bidirectional(layers.LSTM(8)),",
        "    layers.Dropout(0.2),",
        f"    {second},",
        "    layers.Dense(1),",
        "])",
    ]
    source = _HEAD + "\n".join(lines) + "\n"
    message = _problem(source, 8).message
    assert (
        "Layer 'bidirectional' (Bidirectional, line 6) gives one vector of 16 "
        "numbers per sequence"
    ) in message
    assert "Reshape" not in message
    fixed = _shown(message, "with return_sequences=True on the LSTM inside it:")
    assert fixed == "layers.Bidirectional(layers.LSTM(8, return_sequences=True)),"
    _works(_replaced(source, 6, "    " + fixed))


@pytest.mark.parametrize(
    ("recurrent", "reader", "after"),
    [
        ("LSTM", 'layers.Conv1D(8, 3, activation="relu")', "GlobalAveragePooling1D()"),
        ("GRU", "layers.MaxPooling1D(2)", "Flatten()"),
        ("LSTM", "layers.GlobalAveragePooling1D()", "Dense(4)"),
    ],
)
def test_a_conv1d_or_pooling_after_a_recurrent_layer_says_return_sequences(
    recurrent, reader, after
):
    lines = [
        "x = np.random.rand(16, 20, 3)",
        "y = np.random.rand(16, 1)",
        "model = keras.Sequential([",
        "    keras.Input(shape=(20, 3)),",
        f"    layers.{recurrent}(16),",
        f"    {reader},",
        f"    layers.{after},",
        "    layers.Dense(1),",
        "])",
        'model.compile(optimizer="adam", loss="mse")',
        "model.fit(x, y, epochs=1, verbose=0)",
    ]
    source = _HEAD + "\n".join(lines) + "\n"
    message = _problem(source, 9).message
    kind = reader.split("(")[0].removeprefix("layers.")
    assert (
        f"Layer '{recurrent.lower()}' ({recurrent}, line 8) gives one vector of 16 "
        "numbers per sequence"
    ) in message
    assert f"({kind}), which reads sequences," in message
    assert "Reshape" not in message
    fixed = _shown(message, "one vector per step, with return_sequences=True:")
    assert fixed == f"layers.{recurrent}(16, return_sequences=True),"
    assert _works(_replaced(source, 8, "    " + fixed)).model.output_shape == (None, 1)


def test_a_recurrent_layer_on_dense_vectors_keeps_the_reshape_advice():
    source = _HEAD + (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8,)),\n"
        "    layers.Dense(64),\n"
        "    layers.LSTM(4),\n"
        "])\n"
    )
    message = _problem(source, 7).message
    assert "put layers.Reshape((64, 1)) before this layer" in message
    assert "return_sequences" not in message


# ------------------------------------------------ token ids, Embedding


@pytest.mark.parametrize(
    ("layer", "method", "fixed"),
    [
        (
            "layers.Embedding(input_dim=vocab_size, output_dim=4)",
            "fit(x, y, epochs=1, verbose=0)",
            "layers.Embedding(input_dim=2000, output_dim=4),",
        ),
        (
            "layers.Embedding(1999, 4)",
            "predict(x, verbose=0)",
            "layers.Embedding(2000, 4),",
        ),
    ],
)
def test_token_ids_too_big_for_an_embedding_name_the_layer_and_the_size(
    layer, method, fixed
):
    source = _HEAD + (
        "vocab_size = 1000\n"
        "x = np.arange(2000).reshape(100, 20)\n"
        "y = np.zeros(100)\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(20,)),\n"
        f"    {layer},\n"
        "    layers.GlobalAveragePooling1D(),\n"
        "    layers.Dense(1),\n"
        "])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        f"model.{method}\n"
    )
    problem = _problem(source, 14)
    size = re.search(r"\((?:input_dim=)?(\w+)", layer).group(1)
    size = 1000 if size == "vocab_size" else int(size)
    assert problem.kind == "data" and problem.layer == "embedding"
    assert (
        f"Layer 'embedding' (Embedding, line 9) takes the token ids 0 to "
        f"{size - 1} (input_dim={size}), but x holds ids up to 1999 on line 14"
    ) in problem.message
    shown = _shown(problem.message, "the largest id + 1, here 2000:")
    assert shown == fixed
    _works(_replaced(source, 9, shown))


# ------------------------------------------------- convolutions, images


def test_a_conv2d_on_narrow_sequences_is_told_conv1d():
    source = _HEAD + (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(100, 1)),\n"
        '    layers.Conv2D(16, 3, activation="relu"),\n'
        "    layers.GlobalMaxPooling1D(),\n"
        "    layers.Dense(1),\n"
        "])\n"
    )
    message = _problem(source, 6).message
    assert "a sequence of 100 steps of 1 number" in message
    assert "(100, 1, 1)" not in message
    fixed = _shown(message, "use layers.Conv1D, which slides along the steps:")
    assert fixed == 'layers.Conv1D(16, 3, activation="relu"),'
    _works(_replaced(source, 6, fixed))


def test_a_conv2d_on_grey_images_keeps_the_channel_axis_advice():
    source = _HEAD + (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(28, 28)),\n"
        "    layers.Conv2D(16, 3),\n"
        "])\n"
    )
    message = _problem(source, 6).message
    assert "keras.Input(shape=(28, 28, 1))" in message
    assert "Conv1D" not in message


def test_a_flatten_before_a_conv2d_is_told_to_move():
    lines = [
        "model = keras.Sequential([",
        "    keras.Input(shape=(8, 8, 1)),",
        "    layers.Flatten(),",
        '    layers.Conv2D(16, 3, activation="relu"),',
        '    layers.Dense(10, activation="softmax"),',
        "])",
    ]
    message = _problem(_HEAD + "\n".join(lines) + "\n", 7).message
    assert (
        "Layer 'flatten' (Flatten, line 6) turned each 8x8x1 image into 64 "
        "numbers, but a Conv2D needs the image itself. Move layers.Flatten() "
        "after the convolution and pooling layers"
    ) in message
    assert "28" not in message
    lines[2:4] = [lines[3], lines[2]]
    _works(_HEAD + "\n".join(lines) + "\n")


@pytest.mark.parametrize(
    ("layers_after", "advice", "fixed"),
    [
        (
            [
                '    layers.Conv1D(16, 3, activation="relu"),',
                "    layers.MaxPooling1D(2),",
            ],
            "Move layers.Flatten() after the Conv1D and pooling layers, just "
            "before the first Dense layer",
            [
                '    layers.Conv1D(16, 3, activation="relu"),',
                "    layers.MaxPooling1D(2),",
                "    layers.Flatten(),",
            ],
        ),
        (
            ["    layers.LSTM(16),"],
            "Remove layers.Flatten(): the LSTM reads the steps one at a time",
            ["    layers.LSTM(16),"],
        ),
    ],
)
def test_a_flatten_before_a_sequence_layer_is_told_to_move_or_go(
    layers_after, advice, fixed
):
    head = ["model = keras.Sequential([", "    keras.Input(shape=(10, 8)),"]
    tail = ["    layers.Dense(1),", "])"]
    flat = [*head, "    layers.Flatten(),", *layers_after, *tail]
    message = _problem(_HEAD + "\n".join(flat) + "\n", 7).message
    kind = "Conv1D" if "Conv1D" in layers_after[0] else "LSTM"
    assert (
        "Layer 'flatten' (Flatten, line 6) turned each sequence of 10 steps of 8 "
        f"numbers into 80 numbers, but layer '{kind.lower()}' ({kind}) needs the "
        "sequence itself."
    ) in message
    assert advice in message
    assert "Reshape" not in message
    # the layers as the advice says: Flatten moved after the pooling, or gone
    model = _works(_HEAD + "\n".join([*head, *fixed, *tail]) + "\n").model
    assert model.output_shape == (None, 1)


@pytest.mark.parametrize(
    ("lines", "steps", "fixed"),
    [
        (
            [
                "x = np.random.rand(16, 28, 28, 1)",
                "model = keras.Sequential([",
                "    keras.Input(shape=(28, 28, 1)),",
                "    layers.Flatten(),",
                "    layers.LSTM(8),",
                '    layers.Dense(10, activation="softmax"),',
                "])",
            ],
            "28 steps of 28 numbers:",
            "    layers.Reshape((28, 28)),",
        ),
        (
            [
                "x = np.random.rand(16, 8, 6, 3)",
                "inputs = keras.Input(shape=(8, 6, 3))",
                'h = layers.Flatten(name="flat")(inputs)',
                "h = layers.Dropout(0.1)(h)",
                "h = layers.Bidirectional(layers.GRU(4))(h)",
                'outputs = layers.Dense(10, activation="softmax")(h)',
                "model = keras.Model(inputs, outputs)",
            ],
            "8 steps of 18 numbers (6 pixels of 3 channels each):",
            'h = layers.Reshape((8, 18), name="flat")(inputs)',
        ),
    ],
)
def test_images_flattened_before_a_recurrent_layer_are_read_row_by_row(
    lines, steps, fixed
):
    fit = [
        "y = np.random.randint(0, 10, size=(16,))",
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")',
        "model.fit(x, y, epochs=1, verbose=0)",
    ]
    source = _HEAD + "\n".join(lines + fit) + "\n"
    flatten = next(n for n, row in enumerate(lines, 4) if "Flatten" in row)
    message = _problem(source, flatten + (1 if "Sequential" in lines[1] else 2)).message
    name = "flat" if "flat" in lines[2] else "flatten"
    assert f"Layer '{name}' (Flatten, line {flatten}) turned each " in message
    assert "It can read each image row by row, " + steps in message
    assert "Reshape((784, 1))" not in message
    shown = _shown(message, "in place of layers.Flatten(), put:")
    assert shown == fixed.strip()
    model = _works(_replaced(source, flatten, fixed)).model
    assert model.output_shape == (None, 10)


def test_images_flattened_with_settings_before_an_lstm_get_the_reshape_in_words():
    source = _HEAD + (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(12, 10, 1)),\n"
        '    layers.Flatten(data_format="channels_last"),\n'
        "    layers.LSTM(8),\n"
        "])\n"
    )
    message = _problem(source, 7).message
    assert (
        "12 steps of 10 numbers: in place of layers.Flatten(), put "
        "layers.Reshape((12, 10)).\n"
    ) in message
    _works(_replaced(source, 6, "    layers.Reshape((12, 10)),"))


def test_images_flattened_before_a_conv1d_keep_the_reshape_advice():
    source = _HEAD + (
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(12, 10, 1)),\n"
        "    layers.Flatten(),\n"
        "    layers.Conv1D(4, 3),\n"
        "])\n"
    )
    message = _problem(source, 7).message
    assert "row by row" not in message
    assert "layers.Reshape((120, 1))" in message


def test_flat_images_for_an_image_input_are_told_to_reshape_the_data():
    source = _HEAD + (
        "x = np.random.rand(30, 64)\n"
        "y = np.random.randint(0, 10, size=(30,))\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(8, 8, 1)),\n"
        "    layers.Conv2D(4, 3),\n"
        "    layers.Flatten(),\n"
        '    layers.Dense(10, activation="softmax"),\n'
        "])\n"
        'model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    message = _problem(source, 13).message
    assert "Each sample holds 64 numbers, as many as 8x8x1" in message
    assert "keras.Input(shape=(64,))" not in message
    shown = _shown(message, "(-1: NumPy works out the number of samples):")
    assert shown == "x = x.reshape(-1, 8, 8, 1)"
    _works(_replaced(source, 13, shown, "model.fit(x, y, epochs=1, verbose=0)"))


# ------------------------------------------- numbers into an Embedding


@pytest.mark.parametrize(
    ("data", "noted"),
    [
        ("np.random.rand(20, 12)", True),
        ("np.random.randint(0, 50, size=(20, 12)).astype('float32')", False),
        ("np.random.randint(0, 50, size=(20, 12))", False),
    ],
)
def test_numbers_with_fractions_into_an_embedding_get_a_note(data, noted):
    source = _HEAD + (
        f"x = {data}\n"
        "y = np.random.randint(0, 2, size=(20,))\n"
        "model = keras.Sequential([\n"
        "    keras.Input(shape=(12,)),\n"
        "    layers.Embedding(50, 4),\n"
        "    layers.LSTM(4),\n"
        '    layers.Dense(1, activation="sigmoid"),\n'
        "])\n"
        'model.compile(optimizer="adam", loss="binary_crossentropy")\n'
        "model.fit(x, y, epochs=1, verbose=0)\n"
    )
    p = _works(source)
    notes = [n for n in p.notes if "Embedding" in n]
    assert bool(notes) == noted
    if noted:
        _plain(notes[0])
        assert notes[0].startswith("Line 13: model.fit() gave layer 'embedding'")
        assert "the numbers of x" in notes[0]
        assert "whole-number token ids (0 to 49" in notes[0]
        assert "leave the Embedding out" in notes[0]


def test_flat_images_given_as_an_expression_are_reshaped_in_the_call():
    source = _HEAD + (
        "x = np.random.rand(30, 64)\n"
        "y = np.random.randint(0, 10, size=(30,))\n"
        "model = keras.Sequential([keras.Input(shape=(8, 8, 1)), layers.Flatten()])\n"
        'model.compile(optimizer="adam", loss="mse")\n'
        "model.predict(x[:20], verbose=0)\n"
    )
    message = _problem(source, 8).message
    assert "keras.Input(shape=(64,))" not in message
    given = re.search(r"give predict\(\) (.+?) \(-1: NumPy", message).group(1)
    assert given == "x[:20].reshape(-1, 8, 8, 1)"
    _works(_replaced(source, 8, f"model.predict({given}, verbose=0)"))

"""Images for the convolution page: scikit-learn's sample photo, a digit, an upload.

Everything returned is a grey (H, W) float array in [0, 1], already shrunk, so no
computation ever runs on a full-size photo. Loading is cached (``st.cache_data``):
the pure decoding and shrinking run once per image, not on every rerun.
An upload is only ever decoded by Pillow as PNG or JPEG: nothing is unpickled or
evaluated, the byte size is checked first and Pillow's decompression-bomb limit
is lowered so that a small file cannot expand into a huge image in memory.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import streamlit as st

from core.images import downscale, to_grayscale
from ui.shell.i18n import labels, t

MAX_SIDE = 128                 # pixels of the longer side after shrinking
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 24_000_000        # about a 6000×4000 photo; more is refused, not decoded
SAMPLES = ("china", "flower", "digit")


class ImageError(ValueError):
    """An image that cannot be used; ``key`` names the message in the catalogs."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@st.cache_data(show_spinner=False, max_entries=8)
def sample_image(name: str, digit: int = 0) -> np.ndarray:
    """A grey sample image: scikit-learn's photos shrunk to ``MAX_SIDE``, or one 8×8 digit."""
    if name == "digit":
        from sklearn.datasets import load_digits  # imported here: only this section needs it

        digits = load_digits()  # images (1797, 8, 8), values 0..16, ink = high
        first = int(np.flatnonzero(digits.target == digit)[0])
        return digits.images[first] / 16.0
    from sklearn.datasets import load_sample_image

    return downscale(to_grayscale(load_sample_image(f"{name}.jpg")), MAX_SIDE)


@st.cache_data(show_spinner=False, max_entries=4)
def _decode(data: bytes) -> np.ndarray:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        # Pillow only warns between 1× and 2× the limit; refuse those too
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with Image.open(io.BytesIO(data)) as img:
            if img.format not in ("PNG", "JPEG"):
                raise ImageError("conv_pooling.image.bad_format", kind=img.format or "?")
            img.draft("L", (4 * MAX_SIDE, 4 * MAX_SIDE))  # JPEG: decode at a reduced size
            img = img.convert("L")
            img.thumbnail((4 * MAX_SIDE, 4 * MAX_SIDE))
            grey = np.asarray(img, dtype=np.float64)
    return downscale(to_grayscale(grey), MAX_SIDE)


def uploaded_image(upload) -> np.ndarray:
    """Decode an ``st.file_uploader`` file to a small grey image, or raise ``ImageError``."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_UPLOAD_BYTES:
        raise ImageError("conv_pooling.image.too_big", mb=f"{upload.size / 2**20:.1f}")
    try:
        return _decode(upload.getvalue())
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageError("conv_pooling.image.bomb") from None
    except UnidentifiedImageError:
        raise ImageError("conv_pooling.image.unreadable") from None
    except ValueError as err:
        if isinstance(err, ImageError):
            raise
        raise ImageError("conv_pooling.image.too_thin") from None
    except OSError:
        raise ImageError("conv_pooling.image.unreadable") from None


def image_choice() -> np.ndarray:
    """The learner's choice of image: a sample photo, a handwritten digit or an upload. A bad
    upload says what is wrong with it, and the photo is used meanwhile."""
    T = "conv_pooling."
    source = st.selectbox(t(T + "s7.source"), [*SAMPLES, "upload"], key="p7_source",
                          format_func=labels(T + "sources", [*SAMPLES, "upload"]).get)
    if source == "digit":
        return sample_image("digit", st.slider(t(T + "s7.digit"), 0, 9, 3, key="p7_digit"))
    if source != "upload":
        return sample_image(source)
    upload = st.file_uploader(t(T + "s7.upload"), type=["png", "jpg", "jpeg"], key="p7_upload",
                              help=t(T + "s7.upload_help"))
    if upload is None:
        st.info(t(T + "s7.upload_first"), icon=":material/upload:")
        return sample_image("china")
    try:
        return uploaded_image(upload)
    except ImageError as err:
        st.error(t(err.key, **err.params), icon=":material/broken_image:")
        return sample_image("china")

"""Attention against PyTorch (float64): scaled_dot_product_attention,
MultiheadAttention and the Transformer modules, weights copied through
load_state_dict; outputs, gradients of inputs, float masks and parameters,
in training (dropout 0) and evaluation mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
import torch
from oracle_compare import compare, compare_double, compare_module, rng

import ad_core
import ad_nn
import ad_ops

# PyTorch warns about the mixed mask types and the nested-tensor path that these cases use.
pytestmark = [
    pytest.mark.filterwarnings("ignore:Support for mismatched"),
    pytest.mark.filterwarnings("ignore:enable_nested_tensor is True"),
    pytest.mark.filterwarnings("ignore:invalid value encountered in divide"),
]
# Everything here agrees with PyTorch to about 1e-15; 1e-10 leaves room for
# other summation orders in BLAS.
RTOL = ATOL = 1e-10
E, H, L, S, N = 8, 2, 4, 5, 3


def wrapped(namespace: Any, inner: Any, call: Callable[..., Any]) -> Any:
    """A module of ``namespace`` (ad_nn or torch.nn) holding ``inner`` as
    ``inner`` whose forward is ``call(inner, *inputs)`` without None outputs."""

    class Wrapper(namespace.Module):  # type: ignore[misc]
        def __init__(self) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: Any) -> Any:
            out = call(self.inner, *inputs)
            if isinstance(out, tuple):
                kept = tuple(o for o in out if o is not None)
                return kept[0] if len(kept) == 1 else kept
            return out

    return Wrapper()


def check_modules(
    case: str,
    make: Callable[[Any], Any],
    call: Callable[..., Any],
    *arrays: np.ndarray | None,
    train: bool = True,
) -> None:
    torch.manual_seed(0)
    theirs = wrapped(torch.nn, make(torch.nn), call).train(train)
    ours = wrapped(ad_nn, make(ad_nn), call).train(train)
    compare_module(case, ours, theirs, *arrays, rtol=RTOL, atol=ATOL)


# --- scaled_dot_product_attention ------------------------------------------------


def _blocked_rows(g: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    allowed = g.random(shape) > 0.4
    allowed[..., 1, :] = False  # a query that may attend to nothing
    return allowed


SDPA_CASES: dict[str, tuple[dict[str, Any], str | None]] = {
    "plain": ({}, None),
    "causal": ({"is_causal": True}, None),
    "scale": ({"scale": 0.3}, None),
    "dropout 0": ({"dropout_p": 0.0}, None),
    "bool mask": ({}, "bool"),
    "float mask": ({}, "float"),
    "float mask -inf rows": ({}, "float -inf"),
}


@pytest.mark.parametrize("name", list(SDPA_CASES))
def test_sdpa(name: str) -> None:
    kwargs, mask_kind = SDPA_CASES[name]
    fn = ad_ops.scaled_dot_product_attention
    tfn = torch.nn.functional.scaled_dot_product_attention
    g = rng(f"sdpa {name}")
    q, k, v = (g.standard_normal(s) for s in ((2, 3, L, 6), (2, 3, S, 6), (2, 3, S, 7)))
    if mask_kind is None:
        compare(
            f"sdpa {name}",
            lambda a, b, c: fn(a, b, c, **kwargs),
            lambda a, b, c: tfn(a, b, c, **kwargs),
            q,
            k,
            v,
            rtol=RTOL,
            atol=ATOL,
        )
        compare_double(
            f"sdpa {name}",
            lambda a, b, c: fn(a, b, c, **kwargs),
            lambda a, b, c: tfn(a, b, c, **kwargs),
            q,
            k,
            v,
            rtol=RTOL,
            atol=ATOL,
        )
        return
    if mask_kind == "bool":
        mask = _blocked_rows(g, (L, S))
    else:
        mask = g.standard_normal((3, L, S))
        if mask_kind == "float -inf":
            mask[:, 1] = -np.inf
            mask[0, 2, :2] = -np.inf
    compare(f"sdpa {name}", fn, tfn, q, k, v, mask, rtol=RTOL, atol=ATOL)
    if mask_kind == "bool":
        compare_double(
            f"sdpa {name}",
            lambda a, b, c: fn(a, b, c, attn_mask=ad_core.tensor(mask)),
            lambda a, b, c: tfn(a, b, c, attn_mask=torch.from_numpy(mask)),
            q,
            k,
            v,
            rtol=RTOL,
            atol=ATOL,
        )


def test_sdpa_broadcast_and_grouped_queries() -> None:
    g = rng("sdpa gqa")
    q, k, v = (
        g.standard_normal((2, 4, L, 6)),
        g.standard_normal((1, 2, S, 6)),
        g.standard_normal((2, 2, S, 5)),
    )
    mask = g.standard_normal((4, 1, S))
    compare(
        "sdpa gqa",
        lambda a, b, c, m: ad_ops.scaled_dot_product_attention(a, b, c, m, enable_gqa=True),
        lambda a, b, c, m: torch.nn.functional.scaled_dot_product_attention(
            a, b, c, m, enable_gqa=True
        ),
        q,
        k,
        v,
        mask,
        rtol=RTOL,
        atol=ATOL,
    )
    compare(
        "sdpa broadcast",
        ad_ops.scaled_dot_product_attention,
        torch.nn.functional.scaled_dot_product_attention,
        g.standard_normal((2, 3, L, 6)),
        g.standard_normal((3, S, 6)),
        g.standard_normal((1, 1, S, 2)),
        rtol=RTOL,
        atol=ATOL,
    )


def test_sdpa_dropout_statistics_match() -> None:
    """Dropout masks come from different generators; their rate and scaling agree."""
    p, size = 0.25, 32
    zeros = np.zeros((8, size, 4))
    eye = np.eye(size)
    ad_core.manual_seed(0)
    ours = ad_ops.scaled_dot_product_attention(zeros, zeros, eye, dropout_p=p).array
    torch.manual_seed(0)
    theirs = torch.nn.functional.scaled_dot_product_attention(
        torch.from_numpy(zeros), torch.from_numpy(zeros), torch.from_numpy(eye), dropout_p=p
    ).numpy()
    assert sorted(np.unique(ours)) == pytest.approx(sorted(np.unique(theirs)))
    assert abs((ours == 0).mean() - (theirs == 0).mean()) < 0.03


# --- MultiheadAttention ---------------------------------------------------------------


def _mha_inputs(
    g: np.random.Generator, batch_first: bool, batched: bool, kdim: int = E, vdim: int = E
) -> list[np.ndarray]:
    def shape(length: int, size: int) -> tuple[int, ...]:
        if not batched:
            return (length, size)
        return (N, length, size) if batch_first else (length, N, size)

    return [g.standard_normal(shape(L, E)), g.standard_normal(shape(S, kdim)),
            g.standard_normal(shape(S, vdim))]  # fmt: skip


MASKS: dict[str, Callable[[np.random.Generator], dict[str, np.ndarray]]] = {
    "none": lambda g: {},
    "bool attn": lambda g: {"attn_mask": g.random((L, S)) > 0.7},
    "float attn": lambda g: {"attn_mask": g.standard_normal((L, S))},
    "3-d float attn": lambda g: {"attn_mask": g.standard_normal((N * H, L, S))},
    "bool padding": lambda g: {"key_padding_mask": np.arange(S) >= np.array([[5], [3], [4]])},
    "float padding": lambda g: {"key_padding_mask": g.standard_normal((N, S))},
    "bool both": lambda g: {
        "attn_mask": g.random((L, S)) > 0.8,
        "key_padding_mask": np.arange(S) >= np.array([[5], [4], [3]]),
    },
    "float attn bool padding": lambda g: {
        "attn_mask": g.standard_normal((L, S)),
        "key_padding_mask": np.arange(S) >= np.array([[5], [4], [3]]),
    },
}


@pytest.mark.parametrize("mask", list(MASKS))
@pytest.mark.parametrize("need_weights", [False, True])
@pytest.mark.parametrize("batch_first", [False, True])
def test_mha_masks(mask: str, need_weights: bool, batch_first: bool) -> None:
    case = f"MHA mask={mask} need_weights={need_weights} batch_first={batch_first}"
    g = rng(case)
    masks = MASKS[mask](g)
    names = list(masks)

    def call(m: Any, q: Any, k: Any, v: Any, *values: Any) -> Any:
        return m(q, k, v, need_weights=need_weights, **dict(zip(names, values, strict=True)))

    check_modules(
        case,
        lambda nn: nn.MultiheadAttention(E, H, batch_first=batch_first),
        call,
        *_mha_inputs(g, batch_first, True),
        *masks.values(),
    )


MHA_VARIANTS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "no bias": ({"bias": False}, {}),
    "unaveraged weights": ({}, {"average_attn_weights": False}),
    "bias_kv": ({"add_bias_kv": True}, {}),
    "zero_attn": ({"add_zero_attn": True}, {"need_weights": False}),
    "bias_kv zero_attn": ({"add_bias_kv": True, "add_zero_attn": True}, {}),
    "kdim vdim": ({"kdim": 3, "vdim": 5}, {}),
    "kdim vdim no bias": ({"kdim": 3, "vdim": 5, "bias": False}, {"need_weights": False}),
}


@pytest.mark.parametrize("variant", list(MHA_VARIANTS))
@pytest.mark.parametrize("train", [True, False])
def test_mha_variants(variant: str, train: bool) -> None:
    ctor, kwargs = MHA_VARIANTS[variant]
    case = f"MHA {variant} train={train}"
    g = rng(case)
    inputs = _mha_inputs(g, False, True, ctor.get("kdim", E), ctor.get("vdim", E))
    attn = g.standard_normal((L, S))
    pad = np.arange(S) >= np.array([[5], [3], [4]])
    check_modules(
        case,
        lambda nn: nn.MultiheadAttention(E, H, **ctor),
        lambda m, q, k, v, a, p: m(q, k, v, attn_mask=a, key_padding_mask=p, **kwargs),
        *inputs,
        attn,
        pad,
        train=train,
    )


@pytest.mark.parametrize("need_weights", [False, True])
def test_mha_self_attention_unbatched_and_causal(need_weights: bool) -> None:
    g = rng(f"MHA self {need_weights}")
    causal = np.triu(np.full((L, L), -np.inf), 1)
    check_modules(
        f"MHA unbatched self-attention need_weights={need_weights}",
        lambda nn: nn.MultiheadAttention(E, H),
        lambda m, x, p: m(x, x, x, key_padding_mask=p, need_weights=need_weights),
        g.standard_normal((L, E)),
        np.array([False, False, True, False]),
    )
    check_modules(
        f"MHA causal hint need_weights={need_weights}",
        lambda nn: nn.MultiheadAttention(E, H, batch_first=True),
        lambda m, x, a: m(x, x, x, attn_mask=a, is_causal=True, need_weights=need_weights),
        g.standard_normal((N, L, E)),
        causal,
    )


def test_mha_fully_padded_sequence() -> None:
    """A sequence whose every key is padding: zeros before out_proj without
    weights, NaN with them, as PyTorch."""
    g = rng("MHA fully padded")
    pad = np.zeros((N, S), dtype=bool)
    pad[1] = True
    check_modules(
        "MHA fully padded",
        lambda nn: nn.MultiheadAttention(E, H),
        lambda m, q, k, v, p: m(q, k, v, key_padding_mask=p, need_weights=False),
        *_mha_inputs(g, False, True),
        pad,
    )
    torch.manual_seed(0)
    theirs = torch.nn.MultiheadAttention(E, H)
    ours = ad_nn.MultiheadAttention(E, H)
    ours.load_state_dict({k: v.detach().numpy() for k, v in theirs.state_dict().items()})
    q, k, v = _mha_inputs(g, False, True)
    out_t, w_t = theirs(
        *(torch.from_numpy(a) for a in (q, k, v)), key_padding_mask=torch.tensor(pad)
    )
    out_o, w_o = ours(q, k, v, key_padding_mask=ad_core.tensor(pad))
    assert w_o is not None and w_t is not None
    np.testing.assert_array_equal(np.isnan(out_o.array), np.isnan(out_t.detach().numpy()))
    np.testing.assert_array_equal(np.isnan(w_o.array), np.isnan(w_t.detach().numpy()))


# --- Transformer layers, stacks and model ------------------------------------------------


def _gelu_tanh(x: Any) -> Any:
    f = ad_ops if isinstance(x, ad_core.Tensor) else torch.nn.functional
    return f.gelu(x, approximate="tanh")


LAYER_VARIANTS: dict[str, dict[str, Any]] = {
    "post-LN relu": {},
    "pre-LN gelu": {"norm_first": True, "activation": "gelu"},
    "callable activation batch_first": {"activation": _gelu_tanh, "batch_first": True},
    "no bias eps": {"bias": False, "layer_norm_eps": 1e-3},
}


def _sequence(g: np.random.Generator, length: int, batch_first: bool) -> np.ndarray:
    return g.standard_normal((N, length, E) if batch_first else (length, N, E))


@pytest.mark.parametrize("variant", list(LAYER_VARIANTS))
@pytest.mark.parametrize("train", [True, False])
def test_encoder_layer(variant: str, train: bool) -> None:
    kw = LAYER_VARIANTS[variant]
    case = f"TransformerEncoderLayer {variant} train={train}"
    g = rng(case)
    first = kw.get("batch_first", False)
    check_modules(
        case,
        lambda nn: nn.TransformerEncoderLayer(E, H, dim_feedforward=16, dropout=0.0, **kw),
        lambda m, x, a, p: m(x, src_mask=a, src_key_padding_mask=p),
        _sequence(g, S, first),
        g.standard_normal((S, S)),
        np.arange(S) >= np.array([[5], [3], [4]]),
        train=train,
    )


@pytest.mark.parametrize("variant", list(LAYER_VARIANTS))
@pytest.mark.parametrize("train", [True, False])
def test_decoder_layer(variant: str, train: bool) -> None:
    kw = LAYER_VARIANTS[variant]
    case = f"TransformerDecoderLayer {variant} train={train}"
    g = rng(case)
    first = kw.get("batch_first", False)
    check_modules(
        case,
        lambda nn: nn.TransformerDecoderLayer(E, H, dim_feedforward=16, dropout=0.0, **kw),
        lambda m, t, mem, a, mm, p: m(
            t, mem, tgt_mask=a, memory_mask=mm, memory_key_padding_mask=p, tgt_is_causal=False
        ),
        _sequence(g, L, first),
        _sequence(g, S, first),
        np.triu(np.full((L, L), -np.inf), 1),
        g.standard_normal((L, S)),
        np.arange(S) >= np.array([[5], [3], [4]]),
        train=train,
    )


@pytest.mark.parametrize("batch_first", [False, True])
def test_encoder_and_decoder_stacks(batch_first: bool) -> None:
    g = rng(f"stacks {batch_first}")
    causal = np.triu(np.full((L, L), -np.inf), 1)

    def encoder(nn: Any) -> Any:
        layer = nn.TransformerEncoderLayer(
            E, H, 16, dropout=0.0, batch_first=batch_first, norm_first=True
        )
        return nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(E), enable_nested_tensor=False)

    def decoder(nn: Any) -> Any:
        layer = nn.TransformerDecoderLayer(E, H, 16, dropout=0.0, batch_first=batch_first)
        return nn.TransformerDecoder(layer, 2, norm=nn.LayerNorm(E))

    check_modules(
        f"TransformerEncoder batch_first={batch_first} (causal mask detected)",
        encoder,
        lambda m, x, a: m(x, mask=a),
        _sequence(g, L, batch_first),
        causal,
    )
    check_modules(
        f"TransformerDecoder batch_first={batch_first}",
        decoder,
        lambda m, t, mem, a, p: m(t, mem, tgt_mask=a, tgt_key_padding_mask=p),
        _sequence(g, L, batch_first),
        _sequence(g, S, batch_first),
        causal,
        np.arange(L) >= np.array([[4], [3], [2]]),
    )


@pytest.mark.parametrize("train", [True, False])
def test_transformer(train: bool) -> None:
    case = f"Transformer train={train}"
    g = rng(case)
    mask = np.asarray(ad_nn.Transformer.generate_square_subsequent_mask(L).array)
    np.testing.assert_array_equal(mask, torch.nn.Transformer.generate_square_subsequent_mask(L))
    check_modules(
        case,
        lambda nn: nn.Transformer(
            d_model=E,
            nhead=H,
            num_encoder_layers=2,
            num_decoder_layers=1,
            dim_feedforward=16,
            dropout=0.0,
            activation="gelu",
            batch_first=True,
        ),
        lambda m, s, t, a, p: m(
            s, t, tgt_mask=a, src_key_padding_mask=p, memory_key_padding_mask=p
        ),
        _sequence(g, S, True),
        _sequence(g, L, True),
        mask,
        np.arange(S) >= np.array([[5], [3], [4]]),
        train=train,
    )


def test_transformer_unbatched() -> None:
    g = rng("Transformer unbatched")
    check_modules(
        "Transformer unbatched",
        lambda nn: nn.Transformer(E, H, 1, 1, 16, dropout=0.0, norm_first=True),
        lambda m, s, t: m(s, t),
        g.standard_normal((S, E)),
        g.standard_normal((L, E)),
    )


def test_initialisation_statistics_match() -> None:
    """Different generators, the same distributions: uniform bounds, normal
    deviations and zero biases."""
    ad_nn.manual_seed(0)
    torch.manual_seed(0)
    ours = ad_nn.MultiheadAttention(64, 4, add_bias_kv=True).state_dict()
    theirs = torch.nn.MultiheadAttention(64, 4, add_bias_kv=True).state_dict()
    assert list(ours) == list(theirs)
    for name, t in theirs.items():
        o, t_np = ours[name].array, t.numpy()
        assert o.shape == t_np.shape
        if name in ("bias_k", "bias_v"):
            assert abs(o.std() - t_np.std()) < 0.3 * t_np.std()
        elif "bias" in name:
            np.testing.assert_array_equal(o, t_np)
        else:
            assert abs(np.abs(o).max() - np.abs(t_np).max()) < 0.05 * np.abs(t_np).max()

"""Run one side of a porting test: a public PyTorch program as published (the
original, with PyTorch) or its port (the same files with only their import
lines changed, with our packages), in this process, on a small configuration.

    python oracle/ports/harness.py PROGRAM SIDE WORKDIR      # SIDE: original | port

The program files stay untouched; the harness makes the two runs comparable
from outside, the same way on both sides:

- float64: the side's ``set_default_dtype`` before the program starts.
- Identical initial weights: ``Module.__call__`` is wrapped until the first
  call of any module, which is the program's top-level model. There the
  original side writes the model's ``state_dict`` to ``WORKDIR/init.npz`` and
  the port side loads that file into its model (in place, so the optimizer
  built before the first call keeps its parameters).
- Dropout identical on both sides: ``Dropout.forward`` multiplies by a mask
  drawn from a NumPy generator shared by the two runs (keep with probability
  1 - p, scaled by 1/(1 - p), as PyTorch's dropout); dropout inside a
  recurrent layer cannot be reached this way and is switched off through the
  program's own option.
- The same batches: ``RandomSampler.__iter__`` yields indices drawn from a
  NumPy generator (one per pass, seeded by the pass's number), in PyTorch's
  order: whole permutations without replacement, uniform draws with
  replacement, drawn lazily in chunks. It first takes one index from the
  sampler's own iterator, so that a sampler that cannot start (one that
  builds 10**10 indices up front) still fails.
- The same random tensors: the namespace's ``randperm`` and ``randn_like``
  (where the side has them: a missing name stays missing) keep their own
  result's dtype but take their values from a shared NumPy generator
  (except inside the sampler's own iterator, where PyTorch calls
  ``randperm`` and ours does not).
  Other draws (``multinomial``, ``randn``) are only sampled from, and the
  test checks what they produce, not their values.
- Losses: ``Tensor.backward`` records the value of every scalar it is called on.
- The port side runs under an 8 GiB address-space limit, so that a runaway
  allocation fails with ``MemoryError`` instead of exhausting the machine.
- Stand-ins for torchvision and ``SummaryWriter`` (see ``standins.py``); data
  files are made in the run's directory, ``WORKDIR/SIDE``.

The run writes ``WORKDIR/SIDE.json`` (losses, error, timing), ``SIDE_final.npz``
(the model's ``state_dict`` at the end) and ``SIDE_checks.npz`` (what the
program's ``after`` step computed with the trained model: evaluation losses,
greedy generations, images), which the test compares across the sides.
"""

from __future__ import annotations

import abc
import contextlib
import json
import os
import resource
import runpy
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray
from standins import StandIns, digits_28

HERE = Path(__file__).resolve().parent
PROGRAMS_DIR = HERE / "programs"
SIDES = ("original", "port")
SEED = 20260101
# A port must fail cleanly, not swap the machine, when it allocates too much.
PORT_MEMORY_LIMIT = 8 * 2**30

Arrays = dict[str, NDArray[Any]]


class Side(abc.ABC):
    """What the harness needs from one framework, under PyTorch's names."""

    name: str
    namespace: ModuleType  # what the program calls `torch`
    module_class: Any
    tensor_class: Any
    dropout_class: Any
    sampler_class: Any
    writer_module: str

    @abc.abstractmethod
    def to_numpy(self, x: Any) -> NDArray[Any]:
        """The values of one of the side's tensors."""

    @abc.abstractmethod
    def from_numpy(self, a: NDArray[Any]) -> Any:
        """A tensor of the side holding ``a``."""

    @abc.abstractmethod
    def no_grad(self) -> contextlib.AbstractContextManager[Any]:
        """The side's ``no_grad`` context."""

    def state_arrays(self, model: Any) -> Arrays:
        """The model's ``state_dict`` as NumPy arrays."""
        return {key: np.array(self.to_numpy(value)) for key, value in model.state_dict().items()}

    def load_arrays(self, model: Any, arrays: Arrays) -> None:
        """Load NumPy arrays into the model's parameters and buffers, in place."""
        model.load_state_dict({key: self.from_numpy(value) for key, value in arrays.items()})

    def like(self, result: Any, values: NDArray[Any]) -> Any:
        """A tensor of ``values`` with the dtype of ``result``."""
        return self.from_numpy(values.astype(self.to_numpy(result).dtype))


class TorchSide(Side):
    """The original programs, with PyTorch."""

    def __init__(self) -> None:
        import torch
        import torch.utils.data

        torch.set_default_dtype(torch.float64)
        self.name = "original"
        self.namespace = torch
        self.module_class = torch.nn.Module
        self.tensor_class = torch.Tensor
        self.dropout_class = torch.nn.Dropout
        self.sampler_class = torch.utils.data.RandomSampler
        self.writer_module = "torch.utils.tensorboard"
        self._torch = torch

    def to_numpy(self, x: Any) -> NDArray[Any]:
        return np.asarray(x.detach().cpu().numpy())

    def from_numpy(self, a: NDArray[Any]) -> Any:
        return self._torch.from_numpy(np.ascontiguousarray(a))

    def no_grad(self) -> contextlib.AbstractContextManager[Any]:
        return self._torch.no_grad()


class PortSide(Side):
    """The ports, with our packages."""

    def __init__(self) -> None:
        import ad_core
        import ad_data
        import ad_nn
        import ad_ops

        # ad_ops re-exports ad_core's API (issue 12); until it does, ad_core's.
        set_default_dtype = getattr(ad_ops, "set_default_dtype", ad_core.set_default_dtype)
        set_default_dtype(np.float64)
        self.name = "port"
        self.namespace = ad_ops
        self.module_class = ad_nn.Module
        self.tensor_class = ad_core.Tensor
        self.dropout_class = ad_nn.Dropout
        self.sampler_class = ad_data.RandomSampler
        self.writer_module = "tensorboardX"
        self._core = ad_core

    def to_numpy(self, x: Any) -> NDArray[Any]:
        return np.asarray(x.detach().numpy())

    def from_numpy(self, a: NDArray[Any]) -> Any:
        return self._core.tensor(a)

    def no_grad(self) -> contextlib.AbstractContextManager[Any]:
        return self._core.no_grad()


@dataclass
class Context:
    """What a program's ``after`` step works with."""

    side: Side
    namespace: dict[str, Any]  # the program's globals after it ran
    model: Any  # the top-level model (the first module called)
    stand_ins: StandIns
    checks: Arrays = field(default_factory=dict)


@dataclass(frozen=True)
class Program:
    """A public program and the small configuration the test runs.

    ``programs/DIRECTORY/SIDE/ENTRY`` is run as ``__main__`` with ``argv``,
    from the directory that ``make_files`` filled; ``after`` then exercises
    what the short run did not reach (sampling, evaluation) and stores values
    to compare in ``Context.checks``. ``mnist_sizes`` are the sizes of the
    stand-in MNIST's training and test sets.
    """

    directory: str
    entry: str
    argv: tuple[str, ...]
    make_files: Callable[[Path], None] = lambda _: None
    after: Callable[[Context], None] = lambda _: None
    mnist_sizes: tuple[int, int] = (0, 0)
    min_steps: int = 20


class Patches:
    """The harness's wrappers of one side's classes and functions."""

    def __init__(self, side: Side, init_path: Path) -> None:
        self.side = side
        self.init_path = init_path
        self.losses: list[float] = []
        self.model: Any = None
        self.replaced: list[str] = []
        self._dropout_rng = np.random.default_rng([SEED, 1])
        self._function_rng = np.random.default_rng([SEED, 2])
        self._sampler_passes = 0
        self._in_sampler = False

    def install(self) -> None:
        self._sync_weights_at_first_call()
        self._record_losses()
        self._shared_dropout()
        self._shared_sampler()
        self._shared_random_functions()

    def _sync_weights_at_first_call(self) -> None:
        cls = self.side.module_class
        original_call = cls.__call__

        def first_call(module: Any, *args: Any, **kwargs: Any) -> Any:
            cls.__call__ = original_call
            self.model = module
            if self.side.name == "original":
                np.savez(self.init_path, allow_pickle=False, **self.side.state_arrays(module))
            else:
                with np.load(self.init_path) as saved:
                    self.side.load_arrays(module, {key: saved[key] for key in saved.files})
            return original_call(module, *args, **kwargs)

        cls.__call__ = first_call

    def _record_losses(self) -> None:
        cls = self.side.tensor_class
        original_backward = cls.backward

        def backward(tensor: Any, *args: Any, **kwargs: Any) -> Any:
            values = self.side.to_numpy(tensor)
            if values.size == 1:
                self.losses.append(float(values.reshape(())))
            return original_backward(tensor, *args, **kwargs)

        cls.backward = backward

    def _shared_dropout(self) -> None:
        def forward(module: Any, input: Any) -> Any:
            p = float(module.p)
            if not module.training or p == 0.0:
                return input
            shape = self.side.to_numpy(input).shape
            keep = self._dropout_rng.random(shape) >= p
            return input * self.side.like(input, keep / (1.0 - p))

        self.side.dropout_class.forward = forward

    def _shared_sampler(self) -> None:
        cls = self.side.sampler_class
        original_iter = cls.__iter__

        def indices(sampler: Any) -> Iterator[int]:
            # PyTorch's sampler draws with torch.randperm: not from the shared generator.
            self._in_sampler = True
            try:
                next(iter(original_iter(sampler)), None)
            finally:
                self._in_sampler = False
            self._sampler_passes += 1
            rng = np.random.default_rng([SEED, 3, self._sampler_passes])
            n, total = len(sampler.data_source), int(sampler.num_samples)
            while total > 0:
                if sampler.replacement:
                    chunk = rng.integers(0, n, size=min(total, 1024))
                else:
                    chunk = rng.permutation(n)[:total]
                total -= len(chunk)
                yield from chunk.tolist()

        cls.__iter__ = indices

    def _shared_random_functions(self) -> None:
        namespace = self.side.namespace
        rng = self._function_rng
        like = self.side.like

        def shared_randperm(original: Callable[..., Any]) -> Callable[..., Any]:
            def randperm(n: int, *args: Any, **kwargs: Any) -> Any:
                result = original(n, *args, **kwargs)
                return result if self._in_sampler else like(result, rng.permutation(n))

            return randperm

        def shared_randn_like(original: Callable[..., Any]) -> Callable[..., Any]:
            def randn_like(input: Any, *args: Any, **kwargs: Any) -> Any:
                result = original(input, *args, **kwargs)
                return like(result, rng.standard_normal(self.side.to_numpy(result).shape))

            return randn_like

        wrappers = {"randperm": shared_randperm, "randn_like": shared_randn_like}
        for name, wrap in wrappers.items():
            original = getattr(namespace, name, None)
            if original is not None:
                setattr(namespace, name, wrap(original))
                self.replaced.append(name)


def run(program_name: str, side_name: str, workdir: Path) -> dict[str, Any]:
    """Run one side of one program; return what ``SIDE.json`` holds."""
    program = PROGRAMS[program_name]
    if side_name == "port":
        resource.setrlimit(resource.RLIMIT_AS, (PORT_MEMORY_LIMIT, PORT_MEMORY_LIMIT))
    side: Side = TorchSide() if side_name == "original" else PortSide()
    cwd = workdir / side_name
    cwd.mkdir(parents=True, exist_ok=True)
    os.chdir(cwd)
    program.make_files(cwd)
    stand_ins = StandIns(side.to_numpy, np.float64, *program.mnist_sizes)
    stand_ins.install(side.writer_module)
    patches = Patches(side, workdir / "init.npz")
    patches.install()
    source = PROGRAMS_DIR / program.directory / side_name
    sys.path.insert(0, str(source))
    sys.argv = [program.entry, *program.argv]
    error = None
    start = time.perf_counter()
    try:
        namespace = runpy.run_path(str(source / program.entry), run_name="__main__")
        context = Context(side, namespace, patches.model, stand_ins)
        program.after(context)
        np.savez(workdir / f"{side_name}_checks.npz", allow_pickle=False, **context.checks)
        np.savez(
            workdir / f"{side_name}_final.npz",
            allow_pickle=False,
            **side.state_arrays(patches.model),
        )
    except (Exception, SystemExit):  # argparse exits: a bad configuration is an error too
        error = traceback.format_exc()
    return {
        "program": program_name,
        "side": side_name,
        "losses": patches.losses,
        "error": error,
        "seconds": time.perf_counter() - start,
        "shared_random_functions": patches.replaced,
        "torch_imported": "torch" in sys.modules,
    }


# --- the programs ---------------------------------------------------------------


def _words(rng: np.random.Generator, count: int) -> list[str]:
    consonants, vowels = list("bcdfghklmnprstvz"), list("aeiou")
    words = []
    for _ in range(count):
        syllables = rng.integers(1, 4)
        words.append("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    return words


def _sentences(rng: np.random.Generator, vocabulary: list[str], lines: int) -> str:
    return "".join(
        " ".join(rng.choice(vocabulary, size=rng.integers(4, 10))) + " .\n" for _ in range(lines)
    )


def make_corpus(cwd: Path) -> None:
    """A word-level corpus (train/valid/test.txt) of made-up sentences."""
    rng = np.random.default_rng(SEED)
    vocabulary = _words(rng, 40)
    corpus = cwd / "corpus"
    corpus.mkdir(exist_ok=True)
    for name, lines in (("train", 48), ("valid", 12), ("test", 12)):
        (corpus / f"{name}.txt").write_text(_sentences(rng, vocabulary, lines))


def make_play(cwd: Path) -> None:
    """``input.txt``: a character-level text holding the prompt chargpt samples from."""
    rng = np.random.default_rng(SEED)
    vocabulary = [*_words(rng, 30), "O", "God,", "God!"]
    (cwd / "input.txt").write_text(_sentences(rng, vocabulary, 60))


def make_names(cwd: Path) -> None:
    """``names.txt``: one made-up name a line."""
    rng = np.random.default_rng(SEED)
    (cwd / "names.txt").write_text("\n".join(_words(rng, 300)) + "\n")


def after_mnist(context: Context) -> None:
    """The trained model's log-probabilities on the test digits."""
    train, test = context.stand_ins.train_size, context.stand_ins.test_size
    images = (digits_28(test, train)[0] / 255 - 0.1307) / 0.3081
    model = context.model
    model.eval()
    with context.side.no_grad():
        output = model(context.side.from_numpy(images[:, None]))
    context.checks["test_log_probs"] = context.side.to_numpy(output)


def after_vae(context: Context) -> None:
    """The reconstructions (deterministic: ``randn_like`` is shared) and the
    samples' shape and range (``randn`` is not)."""
    for name, image in context.stand_ins.images:
        if "reconstruction" in name:
            context.checks[Path(name).stem] = image
        elif image.shape != (64, 1, 28, 28) or not ((image >= 0) & (image <= 1)).all():
            raise AssertionError(f"{name}: expected 64 images in [0, 1], got {image.shape}")
    if not context.checks:
        raise AssertionError("the VAE saved no reconstruction")


def after_word_language_model(context: Context) -> None:
    """The trained model's loss on the test split."""
    ns = context.namespace
    context.checks["test_loss"] = np.array(ns["evaluate"](ns["test_data"]))


def _check_sample(name: str, sample: NDArray[Any], prompt: NDArray[Any], vocab: int) -> None:
    rows, length = prompt.shape
    if sample.shape[0] != rows or sample.shape[1] <= length:
        raise AssertionError(f"{name}: shape {sample.shape} does not extend {prompt.shape}")
    if (sample[:, :length] != prompt).any():
        raise AssertionError(f"{name}: the prompt was not kept")
    if sample.min() < 0 or sample.max() >= vocab:
        raise AssertionError(f"{name}: tokens outside [0, {vocab})")


def after_mingpt(context: Context) -> None:
    """Greedy generation (compared) and top-k sampling (checked) from the prompt."""
    ns, to_numpy = context.namespace, context.side.to_numpy
    torch, model, dataset = ns["torch"], ns["model"], ns["train_dataset"]
    prompt = torch.tensor([dataset.stoi[s] for s in "O God, O God!"], dtype=torch.long)[None, ...]
    model.eval()
    greedy = to_numpy(model.generate(prompt, 20, do_sample=False))
    sampled = to_numpy(model.generate(prompt, 20, temperature=1.0, do_sample=True, top_k=10))
    _check_sample("greedy", greedy, to_numpy(prompt), dataset.get_vocab_size())
    _check_sample("sampled", sampled, to_numpy(prompt), dataset.get_vocab_size())
    context.checks["greedy"] = greedy


def after_makemore(context: Context) -> None:
    """The program's own sampling printout, greedy generation (compared),
    top-k sampling (checked) and its evaluation on the test split (compared)."""
    ns, to_numpy = context.namespace, context.side.to_numpy
    torch, model, generate = ns["torch"], ns["model"], ns["generate"]
    train, test = ns["train_dataset"], ns["test_dataset"]
    ns["print_samples"](num=5)
    prompt = torch.zeros(4, 1, dtype=torch.long)
    steps = train.get_output_length() - 1
    greedy = to_numpy(generate(model, prompt, steps, do_sample=False))
    sampled = to_numpy(generate(model, prompt, steps, top_k=5, do_sample=True))
    _check_sample("greedy", greedy, to_numpy(prompt), train.get_vocab_size())
    _check_sample("sampled", sampled, to_numpy(prompt), train.get_vocab_size())
    context.checks["greedy"] = greedy
    context.checks["test_loss"] = np.array(
        ns["evaluate"](model, test, batch_size=10, max_batches=2)
    )


def _makemore(model_type: str) -> Program:
    argv = (
        *("--input-file", "names.txt", "--work-dir", "out", "--num-workers", "0"),
        *("--type", model_type, "--n-layer", "2", "--n-head", "2"),
        *("--n-embd", "16", "--n-embd2", "16", "--batch-size", "8"),
        *("--max-steps", "24", "--top-k", "5"),
    )
    return Program("makemore", "makemore.py", argv, make_names, after_makemore)


PROGRAMS: dict[str, Program] = {
    # pytorch/examples mnist: CNN, Adadelta, StepLR; 12 batches of 8 a epoch, 2 epochs.
    "mnist": Program(
        "mnist",
        "main.py",
        (
            *("--batch-size", "8", "--test-batch-size", "40", "--epochs", "2"),
            *("--log-interval", "4", "--save-model"),
        ),
        after=after_mnist,
        mnist_sizes=(96, 40),
        min_steps=24,
    ),
    # pytorch/examples vae: Adam, shuffled batches, reparameterisation noise.
    "vae": Program(
        "vae",
        "main.py",
        ("--batch-size", "16", "--epochs", "2", "--log-interval", "4"),
        after=after_vae,
        mnist_sizes=(192, 32),
        min_steps=24,
    ),
    # pytorch/examples word_language_model: 2-layer LSTM, hand-written SGD with
    # clipping, learning-rate annealing, checkpoint. The LSTM's own dropout
    # between layers is out of the harness's reach: --dropout 0.
    "word_language_model": Program(
        "word_language_model",
        "main.py",
        (
            *("--data", "corpus", "--model", "LSTM", "--emsize", "16", "--nhid", "16"),
            *("--nlayers", "2", "--lr", "20", "--clip", "0.25", "--epochs", "2"),
            *("--batch_size", "4", "--bptt", "8", "--dropout", "0", "--log-interval", "4"),
            *("--save", "model.pt"),
        ),
        make_corpus,
        after_word_language_model,
    ),
    # karpathy/minGPT projects/chargpt: GPT with dropout, AdamW with decay
    # groups, gradient clipping, an infinite sampler, sampling at iteration 0.
    "mingpt": Program(
        "mingpt",
        "chargpt.py",
        (
            "--system.work_dir=out",
            "--data.block_size=16",
            "--model.model_type=None",
            "--model.n_layer=2",
            "--model.n_head=2",
            "--model.n_embd=16",
            "--trainer.max_iters=24",
            "--trainer.batch_size=8",
            "--trainer.num_workers=0",
        ),
        make_play,
        after_mingpt,
    ),
    # karpathy/makemore: CharDataset, InfiniteDataLoader, AdamW; a Transformer
    # and a GRU language model.
    "makemore_transformer": _makemore("transformer"),
    "makemore_gru": _makemore("gru"),
}


def main(argv: list[str]) -> int:
    program_name, side_name, workdir = argv
    if program_name not in PROGRAMS or side_name not in SIDES:
        raise SystemExit(f"usage: harness.py {{{','.join(PROGRAMS)}}} {{{','.join(SIDES)}}} DIR")
    result = run(program_name, side_name, Path(workdir).resolve())
    (Path(workdir) / f"{side_name}.json").write_text(json.dumps(result, indent=1))
    return 0 if result["error"] is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``Module``: the base class of every layer, with registration by attribute
assignment, traversal, modes, hooks and ``state_dict`` round trips."""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

import numpy as np

from ad_core import DTypeLike, Tensor, no_grad
from ad_core.device import as_device
from ad_core.tensor_conversion import parse_to

from .dtype_rule import prepare_inputs
from .parameter import Parameter

T = TypeVar("T", bound="Module")
_T = TypeVar("_T")

ForwardPreHook = Callable[["Module", tuple[Any, ...]], Any]
ForwardHook = Callable[["Module", tuple[Any, ...], Any], Any]

_hook_ids = itertools.count()


class RemovableHandle:
    """Returned by ``register_forward_hook`` and friends; ``remove()`` unregisters.

    Examples
    --------
    >>> import ad_nn as nn
    >>> m = nn.Identity()
    >>> handle = m.register_forward_hook(lambda mod, args, out: out * 2)
    >>> handle.remove()
    >>> len(m._forward_hooks)
    0
    """

    def __init__(self, hooks: dict[int, Any]) -> None:
        self._hooks = hooks
        self.id = next(_hook_ids)

    def remove(self) -> None:
        """Unregister the hook (no-op when already removed)."""
        self._hooks.pop(self.id, None)


class IncompatibleKeys(NamedTuple):
    """What ``load_state_dict(strict=False)`` skipped, as PyTorch's ``_IncompatibleKeys``.

    Examples
    --------
    >>> import numpy as np, ad_nn as nn
    >>> layer = nn.Linear(2, 1)
    >>> layer.load_state_dict({"weight": np.zeros((1, 2)), "scale": np.ones(1)}, strict=False)
    IncompatibleKeys(missing_keys=['bias'], unexpected_keys=['scale'])
    """

    missing_keys: list[str]
    unexpected_keys: list[str]


def _loadable(key: str, raw: Any, target: Tensor) -> np.ndarray[Any, Any] | str:
    """``raw`` converted to ``target``'s dtype for ``load_state_dict``, or the
    problem that stops it, naming ``key``."""
    value = raw.array if isinstance(raw, Tensor) else raw
    if not isinstance(value, np.ndarray | np.generic | int | float):
        return f'value for "{key}" must be a Tensor or a NumPy array, got {type(raw).__name__}'
    array = np.asarray(value)
    kind, wanted = array.dtype.kind, target.array.dtype
    if kind not in "biufc" or (kind == "c" and wanted.kind != "c"):
        return (
            f'value for "{key}" has dtype {array.dtype}, which cannot be loaded into a '
            f"tensor of dtype {wanted}"
        )
    if array.shape != target.shape:
        return (
            f'size mismatch for "{key}": copying a param with shape {array.shape}, '
            f"the shape in current model is {target.shape}"
        )
    if wanted.kind in "biu" and kind in "fc" and not np.isfinite(array).all():
        return f'value for "{key}" holds non-finite values, which dtype {wanted} cannot hold'
    return array.astype(wanted, copy=False)


def _addindent(text: str, spaces: int) -> str:
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    return lines[0] + "\n" + "\n".join(" " * spaces + line for line in lines[1:])


class Module:
    """Base class of every layer: subclass it, assign layers and parameters in
    ``__init__`` and compute the output in ``forward``.

    Assigning a ``Parameter``, a ``Module`` or (after ``register_buffer``) a
    Tensor to an attribute registers it, so that ``parameters()``,
    ``state_dict()``, ``train()``/``eval()``, ``to(dtype)`` and ``zero_grad()``
    reach it. Registered values live both in the registries
    (``_parameters``, ``_buffers``, ``_modules``) and in the instance
    ``__dict__``, so reading ``self.weight`` is a plain attribute lookup;
    change them through attribute assignment or the ``register_*`` methods,
    not by writing into the registries directly (this differs from PyTorch).

    Calling a module applies PyTorch's dtype rule to its inputs before
    ``forward``: a floating Tensor whose dtype differs from the module's
    parameters raises a ``TypeError`` saying how to cast. NumPy arrays are
    the exception: a floating array is cast to the parameters' dtype (those
    of the descendants for a container), so a float64 batch from NumPy
    feeds a float32 model as it is (PyTorch has no such conversion).
    Integer and boolean inputs are left as they are.

    Examples
    --------
    >>> import ad_core, ad_nn as nn
    >>> class TwoLayer(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc1 = nn.Linear(3, 4)
    ...         self.fc2 = nn.Linear(4, 1)
    ...     def forward(self, x):
    ...         return self.fc2(self.fc1(x))
    >>> net = TwoLayer()
    >>> [name for name, _ in net.named_parameters()]
    ['fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias']
    >>> net(ad_core.ones(2, 3)).shape
    (2, 1)
    >>> import numpy as np
    >>> net(np.ones((2, 3))).dtype  # a float64 array is cast to the parameters' float32
    dtype('float32')
    """

    training: bool
    _parameters: dict[str, Parameter | None]
    _buffers: dict[str, Tensor | None]
    _non_persistent_buffers: set[str]
    _modules: dict[str, Module | None]
    _forward_pre_hooks: dict[int, ForwardPreHook]
    _forward_hooks: dict[int, ForwardHook]

    def __init__(self) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", {})
        setattr_(self, "_buffers", {})
        setattr_(self, "_non_persistent_buffers", set())
        setattr_(self, "_modules", {})
        setattr_(self, "_forward_pre_hooks", {})
        setattr_(self, "_forward_hooks", {})

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """Compute the output; every subclass defines it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing "forward"')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        args, kwargs = prepare_inputs(self, args, kwargs)
        if self._forward_pre_hooks or self._forward_hooks:
            return self._call_with_hooks(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_with_hooks(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        for pre_hook in list(self._forward_pre_hooks.values()):
            result = pre_hook(self, args)
            if result is not None:
                args = result if isinstance(result, tuple) else (result,)
        output = self.forward(*args, **kwargs)
        for hook in list(self._forward_hooks.values()):
            result = hook(self, args, output)
            if result is not None:
                output = result
        return output

    # --- registration -------------------------------------------------------------

    def _check_name(self, op: str, name: Any) -> None:
        if "_parameters" not in self.__dict__:
            raise AttributeError(f"{op}: cannot assign before Module.__init__() call")
        if not isinstance(name, str):
            raise TypeError(f"{op}: name should be a string, got {type(name).__name__}")
        if name == "" or "." in name:
            raise KeyError(f'{op}: name can\'t be empty or contain ".", got "{name}"')

    def _forget(self, name: str) -> None:
        self._parameters.pop(name, None)
        self._buffers.pop(name, None)
        self._non_persistent_buffers.discard(name)
        self._modules.pop(name, None)

    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Register ``param`` (or None, for an optional parameter) as ``name``.

        >>> import ad_nn as nn
        >>> m = nn.Module()
        >>> m.register_parameter("scale", nn.Parameter([1.0]))
        >>> [n for n, _ in m.named_parameters()]
        ['scale']
        """
        self._check_name("register_parameter", name)
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"register_parameter: cannot assign '{type(param).__name__}' object to "
                f"parameter '{name}' (ad_nn.Parameter or None required)"
            )
        if name in self.__dict__ and name not in self._parameters:
            if name in self._buffers or name in self._modules:
                self._forget(name)
            else:
                raise KeyError(f"register_parameter: attribute '{name}' already exists")
        self._parameters[name] = param
        object.__setattr__(self, name, param)

    def register_buffer(self, name: str, tensor: Tensor | None, persistent: bool = True) -> None:
        """Register a tensor that is state but not a parameter (e.g. running
        statistics); ``persistent=False`` keeps it out of ``state_dict``.

        >>> import ad_core, ad_nn as nn
        >>> m = nn.Module()
        >>> m.register_buffer("count", ad_core.zeros(1))
        >>> list(m.state_dict())
        ['count']
        """
        self._check_name("register_buffer", name)
        if tensor is not None and not isinstance(tensor, Tensor):
            raise TypeError(
                f"register_buffer: cannot assign '{type(tensor).__name__}' object to buffer "
                f"'{name}' (Tensor or None required)"
            )
        if name in self.__dict__ and name not in self._buffers:
            if name in self._parameters or name in self._modules:
                self._forget(name)
            else:
                raise KeyError(f"register_buffer: attribute '{name}' already exists")
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)
        object.__setattr__(self, name, tensor)

    def add_module(self, name: str, module: Module | None) -> None:
        """Register ``module`` as the child ``name``."""
        self._check_name("add_module", name)
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"add_module: {type(module).__name__} is not a Module subclass")
        if name in self.__dict__ and name not in self._modules:
            if name in self._parameters or name in self._buffers:
                self._forget(name)
            else:
                raise KeyError(f"add_module: attribute '{name}' already exists")
        self._modules[name] = module
        object.__setattr__(self, name, module)

    register_module = add_module

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, Parameter | Module) and "_parameters" not in self.__dict__:
            raise AttributeError(
                f"cannot assign {type(value).__name__} '{name}' before Module.__init__() call"
            )
        if isinstance(value, Parameter):
            if name not in self._parameters:
                self._check_name("__setattr__", name)
                self._forget(name)
            self._parameters[name] = value
        elif isinstance(value, Module):
            if name not in self._modules:
                self._check_name("__setattr__", name)
                self._forget(name)
            self._modules[name] = value
        elif "_parameters" in self.__dict__:
            if name in self._parameters:
                if value is not None:
                    raise TypeError(
                        f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                        "(ad_nn.Parameter or None expected)"
                    )
                self._parameters[name] = None
            elif name in self._modules:
                if value is not None:
                    raise TypeError(
                        f"cannot assign '{type(value).__name__}' as child module '{name}' "
                        "(ad_nn.Module or None expected)"
                    )
                self._modules[name] = None
            elif name in self._buffers:
                if value is not None and not isinstance(value, Tensor):
                    raise TypeError(
                        f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                        "(Tensor or None expected)"
                    )
                self._buffers[name] = value
        elif isinstance(value, Tensor) and value.requires_grad:
            raise AttributeError("cannot assign parameters before Module.__init__() call")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if "_parameters" in self.__dict__:
            self._forget(name)
        object.__delattr__(self, name)

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def get_submodule(self, target: str) -> Module:
        """The descendant at dotted path ``target`` (``""`` is this module).

        >>> import ad_nn as nn
        >>> net = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.ReLU()))
        >>> net.get_submodule("1.0")
        ReLU()
        """
        module: Module = self
        if target == "":
            return module
        for item in target.split("."):
            child = module._modules.get(item)
            if child is None:
                raise AttributeError(
                    f"get_submodule: {type(module).__name__} has no submodule '{item}' "
                    f"(looking up '{target}')"
                )
            module = child
        return module

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at dotted path ``target`` (e.g. ``"0.weight"``)."""
        module_path, _, name = target.rpartition(".")
        module = self.get_submodule(module_path)
        param = module._parameters.get(name)
        if param is None:
            raise AttributeError(f"get_parameter: '{target}' is not a parameter")
        return param

    # --- traversal ------------------------------------------------------------------

    def named_modules(
        self, memo: set[Module] | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Module]]:
        """This module and every descendant, depth first, each listed once.

        >>> import ad_nn as nn
        >>> net = nn.Sequential(nn.Linear(2, 2), nn.ReLU())
        >>> [name for name, _ in net.named_modules()]
        ['', '0', '1']
        """
        if memo is None:
            memo = set()
        if remove_duplicate:
            if self in memo:
                return
            memo.add(self)
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        """This module and every descendant, each once."""
        for _, module in self.named_modules():
            yield module

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """The direct children with their names, each once."""
        seen: set[Module] = set()
        for name, module in self._modules.items():
            if module is not None and module not in seen:
                seen.add(module)
                yield name, module

    def children(self) -> Iterator[Module]:
        """The direct children, each once."""
        for _, module in self.named_children():
            yield module

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Parameter]]:
        """Every parameter with its dotted name; a shared parameter is listed once.

        >>> import ad_nn as nn
        >>> [(n, p.shape) for n, p in nn.Linear(3, 2).named_parameters()]
        [('weight', (2, 3)), ('bias', (2,))]
        """
        return self._named_members(lambda m: m._parameters, prefix, recurse, remove_duplicate)

    def _module_list(self) -> list[Module]:
        """``modules()`` as a list, built without nested generators (hot in training loops)."""
        seen = {id(self)}
        order: list[Module] = []
        stack: list[Module] = [self]
        while stack:
            module = stack.pop()
            order.append(module)
            children = [m for m in module._modules.values() if m is not None and id(m) not in seen]
            seen.update(id(m) for m in children)
            stack.extend(reversed(children))
        return order

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every parameter, each once (what an optimizer takes)."""
        modules = self._module_list() if recurse and self._modules else [self]
        seen: set[int] = set()
        params: list[Parameter] = []
        for module in modules:
            for param in module._parameters.values():
                if param is not None and id(param) not in seen:
                    seen.add(id(param))
                    params.append(param)
        return iter(params)

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator[tuple[str, Tensor]]:
        """Every buffer with its dotted name, each once."""
        return self._named_members(lambda m: m._buffers, prefix, recurse, remove_duplicate)

    def _named_members(
        self,
        members: Callable[[Module], Mapping[str, _T | None]],
        prefix: str,
        recurse: bool,
        remove_duplicate: bool,
    ) -> Iterator[tuple[str, _T]]:
        """The named members (parameters or buffers) of this module and, with
        ``recurse``, of every submodule; each object once unless asked."""
        seen: set[int] = set()
        modules = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else iter([(prefix, self)])
        )
        for module_prefix, module in modules:
            for name, member in members(module).items():
                if member is None:
                    continue
                if remove_duplicate:
                    if id(member) in seen:
                        continue
                    seen.add(id(member))
                yield module_prefix + ("." if module_prefix else "") + name, member

    def buffers(self, recurse: bool = True) -> Iterator[Tensor]:
        """Every buffer, each once."""
        for _, buf in self.named_buffers(recurse=recurse):
            yield buf

    # --- modes and bulk updates ------------------------------------------------------

    def train(self: T, mode: bool = True) -> T:
        """Set training mode (``mode=True``) or evaluation mode on this module and
        its descendants; grad mode is not touched. Returns self."""
        if not isinstance(mode, bool):
            raise ValueError(f"train: training mode is expected to be boolean, got {mode!r}")
        for module in self.modules():
            object.__setattr__(module, "training", mode)
        return self

    def eval(self: T) -> T:
        """Set evaluation mode (``train(False)``); returns self.

        >>> import ad_nn as nn
        >>> net = nn.Sequential(nn.Dropout(0.5)).eval()
        >>> net.training, net[0].training
        (False, False)
        """
        return self.train(False)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Clear ``.grad`` of every parameter: set it to None (default) or zero it."""
        for param in self.parameters():
            if set_to_none:
                param.grad = None
            elif param.grad is not None:
                param.grad = Tensor._wrap(np.zeros_like(param.grad.array))

    def requires_grad_(self: T, requires_grad: bool = True) -> T:
        """Set ``requires_grad`` of every parameter (e.g. to freeze a layer); returns self."""
        for param in self.parameters():
            param.requires_grad_(requires_grad)
        return self

    def apply(self: T, fn: Callable[[Module], object]) -> T:
        """Call ``fn`` on every descendant (children first) and then on self.

        >>> import ad_nn as nn
        >>> names = []
        >>> _ = nn.Sequential(nn.ReLU(), nn.Tanh()).apply(lambda m: names.append(type(m).__name__))
        >>> names
        ['ReLU', 'Tanh', 'Sequential']
        """
        for module in self.children():
            module.apply(fn)
        fn(self)
        return self

    def to(
        self: T,
        *args: Any,
        dtype: DTypeLike | None = None,
        device: Any = None,
        non_blocking: bool = False,
    ) -> T:
        """Cast floating parameters and buffers to ``dtype`` in place (the same
        Parameter objects, so an optimizer keeps them), as ``torch.nn.Module.to``:
        ``to(device)``, ``to(dtype)``, ``to(device, dtype)`` or ``to(tensor)``.
        Only the CPU device exists; naming another raises.

        >>> import ad_core, ad_nn as nn
        >>> nn.Linear(2, 2).to("cpu", ad_core.float64).weight.dtype
        dtype('float64')
        """
        _, target = parse_to("to", args, dtype, device)
        if target is None:
            return self
        if target.kind != "f":
            raise TypeError(f"to: nn.Module.to only accepts floating dtypes, got {target}")
        for tensor in itertools.chain(self.parameters(), self.buffers()):
            if tensor.array.dtype.kind == "f":
                tensor.array = tensor.array.astype(target)
                if tensor.grad is not None:
                    tensor.grad = Tensor._wrap(tensor.grad.array.astype(target))
        return self

    def float(self: T) -> T:
        """Cast floating parameters and buffers to float32."""
        return self.to(np.float32)

    def double(self: T) -> T:
        """Cast floating parameters and buffers to float64."""
        return self.to(np.float64)

    def cpu(self: T) -> T:
        """Return self: every tensor lives on the CPU."""
        return self

    def cuda(self: T, device: Any = None) -> T:
        """Raises: there is no CUDA backend (``ad_ops.cuda.is_available()`` is False)."""
        as_device("cuda", "cuda" if device is None else device)
        return self

    # --- hooks ------------------------------------------------------------------------

    def register_forward_pre_hook(self, hook: ForwardPreHook) -> RemovableHandle:
        """Call ``hook(module, args)`` before ``forward``; a non-None result
        replaces ``args`` (a non-tuple result is wrapped in a tuple).

        >>> import ad_core, ad_nn as nn
        >>> m = nn.Identity()
        >>> h = m.register_forward_pre_hook(lambda mod, args: args[0] + 1)
        >>> m(ad_core.tensor([1.0]))
        tensor([2.])
        """
        handle = RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    def register_forward_hook(self, hook: ForwardHook) -> RemovableHandle:
        """Call ``hook(module, args, output)`` after ``forward``; a non-None
        result replaces the output.

        >>> import ad_core, ad_nn as nn
        >>> m = nn.Identity()
        >>> h = m.register_forward_hook(lambda mod, args, out: out * 10)
        >>> m(ad_core.tensor([1.0]))
        tensor([10.])
        """
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    # --- state dict -------------------------------------------------------------------

    def state_dict(
        self,
        destination: dict[str, Tensor] | None = None,
        prefix: str = "",
        keep_vars: bool = False,
    ) -> dict[str, Tensor]:
        """Parameters and persistent buffers by dotted name, in registration
        order (an ``OrderedDict``, as PyTorch). Values share memory with the
        module; with ``keep_vars=False`` they are detached.

        >>> import ad_nn as nn
        >>> list(nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3)).state_dict())
        ['0.weight', '0.bias', '1.weight', '1.bias', '1.running_mean', '1.running_var', \
'1.num_batches_tracked']
        """
        if destination is None:
            destination = OrderedDict()
        for name, param in self._parameters.items():
            if param is not None:
                destination[prefix + name] = param if keep_vars else param.detach()
        for name, buf in self._buffers.items():
            if buf is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = buf if keep_vars else buf.detach()
        for name, module in self._modules.items():
            if module is not None:
                module.state_dict(destination, prefix + name + ".", keep_vars)
        return destination

    def _state_targets(self) -> dict[str, Tensor]:
        targets: dict[str, Tensor] = {}
        for prefix, module in self.named_modules(remove_duplicate=False):
            dotted = prefix + "." if prefix else ""
            for name, param in module._parameters.items():
                if param is not None:
                    targets[dotted + name] = param
            for name, buf in module._buffers.items():
                if buf is not None and name not in module._non_persistent_buffers:
                    targets[dotted + name] = buf
        return targets

    def load_state_dict(
        self, state_dict: Mapping[str, Any], strict: bool = True
    ) -> IncompatibleKeys:
        """Copy values (Tensors or NumPy arrays) into the existing parameters
        and buffers, keeping their dtype.

        Every value is checked and converted before the first one is written:
        shape mismatches, values that are not numbers (string, bytes, object
        or datetime arrays, complex values into real tensors, non-finite
        values into integer buffers) and, with ``strict=True``, missing or
        unexpected keys raise a ``RuntimeError`` that lists every offending
        key; then nothing is changed. Returns the missing and unexpected keys.

        >>> import numpy as np, ad_nn as nn
        >>> layer = nn.Linear(2, 1)
        >>> layer.load_state_dict({"weight": np.array([[1.0, 2.0]]), "bias": np.zeros(1)})
        IncompatibleKeys(missing_keys=[], unexpected_keys=[])
        >>> layer.weight
        Parameter containing:
        tensor([[1., 2.]], requires_grad=True)
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(
                f"load_state_dict: expected a mapping of names to tensors, "
                f"got {type(state_dict).__name__}"
            )
        targets = self._state_targets()
        missing = [key for key in targets if key not in state_dict]
        unexpected = [key for key in state_dict if key not in targets]
        problems: list[str] = []
        values: list[tuple[Tensor, np.ndarray[Any, Any]]] = []
        for key, target in targets.items():
            if key in state_dict:
                converted = _loadable(key, state_dict[key], target)
                if isinstance(converted, str):
                    problems.append(converted)
                else:
                    values.append((target, converted))
        if strict:
            if unexpected:
                problems.insert(
                    0, "Unexpected key(s) in state_dict: " + ", ".join(f'"{k}"' for k in unexpected)
                )
            if missing:
                problems.insert(
                    0, "Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing)
                )
        if problems:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(problems)
            )
        with no_grad():  # through copy_: graphs that saved these values see the change
            for target, array in values:
                target.copy_(array)
        return IncompatibleKeys(missing, unexpected)

    # --- representation -----------------------------------------------------------------

    def extra_repr(self) -> str:
        """The layer's own settings, shown inside its ``repr`` (override it)."""
        return ""

    def _get_name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [
            f"({name}): " + _addindent(repr(module), 2) for name, module in self._modules.items()
        ]
        lines = extra_lines + child_lines
        body = ""
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                body = extra_lines[0]
            else:
                body = "\n  " + "\n  ".join(lines) + "\n"
        return self._get_name() + "(" + body + ")"

"""`record`: the subset of dataclasses.dataclass that artlint's classes use,
without its cost at start-up.

A one-file run defined 23 dataclasses as it imported; each cost ~0.5 ms
(dataclass compiles five or six methods from source text: __init__,
__repr__, __eq__, __hash__, __setattr__, __delattr__) and the module imports
`inspect` (~4 ms). A record compiles only its __init__ (so that making one
costs what it costs a dataclass), when its first object is made, and
shares generic methods for the rest,
with the behaviour of dataclass's:

- fields: the class's own annotations, in order; a default is the class
  attribute, or `field(default=..., default_factory=..., compare=...,
  repr=...)`;
- __eq__ compares the tuples of the compared fields of two objects of the
  same class (else NotImplemented); __hash__ hashes that tuple when frozen,
  and is None otherwise (as with eq=True);
- __repr__ is `Class(name=value, ...)` over the shown fields;
- frozen: assigning or deleting a field raises FrozenInstanceError;
- slots: the class is made again with __slots__ (no class attribute per
  default), and pickles through its fields;
- a method the class defines itself is kept.

`replace(obj, **changes)` and `fields(cls)` are dataclasses.replace and the
names of dataclasses.fields. Not supported (and not used): inheritance
between records, ClassVar and InitVar fields, __post_init__, order, kw_only."""
from __future__ import annotations

MISSING = object()  # no default (dataclasses.MISSING)


class FrozenInstanceError(AttributeError):
    """Assigning to or deleting a field of a frozen record."""


class Field:
    __slots__ = ("name", "default", "default_factory", "compare", "repr")

    def __init__(self, default=MISSING, default_factory=MISSING, compare=True, repr=True):
        if default is not MISSING and default_factory is not MISSING:
            raise ValueError("cannot specify both default and default_factory")
        self.name = None
        self.default, self.default_factory, self.compare, self.repr = default, default_factory, compare, repr


def field(*, default=MISSING, default_factory=MISSING, compare=True, repr=True) -> Field:
    return Field(default, default_factory, compare, repr)


def record(cls=None, /, *, frozen: bool = False, slots: bool = False, order: bool = False):
    """@record or @record(frozen=True, slots=True), as @dataclass(...)."""
    if order:
        raise TypeError("record: order is not supported")

    def wrap(cls):
        return _process(cls, frozen, slots)

    return wrap if cls is None else wrap(cls)


def fields(cls_or_obj) -> tuple[str, ...]:
    """The names of the fields, in order."""
    return tuple(f.name for f in cls_or_obj.__record_fields__)


def replace(obj, /, **changes):
    """A new record with `changes` and the other fields of obj."""
    for f in obj.__record_fields__:
        if f.name not in changes:
            changes[f.name] = getattr(obj, f.name)
    return obj.__class__(**changes)


def _process(cls, frozen: bool, slots: bool):
    own = cls.__dict__.get("__annotations__", {})
    found = []
    for name in own:
        default = cls.__dict__.get(name, MISSING)
        f = default if isinstance(default, Field) else Field(default)
        f.name = name
        found.append(f)
        if f.default is MISSING:
            if name in cls.__dict__:
                delattr(cls, name)  # a default_factory's Field: no class attribute (as dataclass)
        else:
            setattr(cls, name, f.default)
    seen_default = False
    for f in found:
        if f.default is MISSING and f.default_factory is MISSING:
            if seen_default:
                raise TypeError(f"non-default argument {f.name!r} follows default argument")
        else:
            seen_default = True
    cls.__record_fields__ = tuple(found)
    cls.__record_compared__ = tuple(f.name for f in found if f.compare)
    cls.__record_shown__ = tuple(f.name for f in found if f.repr)
    _set(cls, "__init__", _lazy_init(cls.__qualname__, found, frozen))
    _set(cls, "__repr__", _repr)
    _set(cls, "__eq__", _eq)
    if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
        cls.__hash__ = _hash if frozen else None
    if frozen:
        _set(cls, "__setattr__", _frozen_setattr)
        _set(cls, "__delattr__", _frozen_delattr)
    if slots:
        cls = _with_slots(cls, found)
    return cls


def _set(cls, name: str, value) -> None:
    if name not in cls.__dict__:
        setattr(cls, name, value)


def _lazy_init(qualname: str, found: list, frozen: bool):
    """An __init__ that compiles the class's own (_init) when the first object
    is made, and puts it in its place: compiling one costs ~0.2 ms, and a
    one-file run makes objects of about half of the classes it defines."""
    def __init__(self, *args, **kwargs):
        init = _init(qualname, found, frozen)
        for cls in type(self).__mro__:  # the record's class (slots: the class made again)
            if cls.__dict__.get("__init__") is __init__:
                cls.__init__ = init
        init(self, *args, **kwargs)

    __init__.__qualname__ = f"{qualname}.__init__"
    return __init__


def _init(qualname: str, found: list, frozen: bool):
    """__init__ compiled from source, as dataclass writes it (one compile a class)."""
    params, body, env = [], [], {"MISSING": MISSING}
    for n, f in enumerate(found):
        if f.default_factory is not MISSING:
            env[f"_factory{n}"] = f.default_factory
            params.append(f"{f.name}=MISSING")
            value = f"_factory{n}() if {f.name} is MISSING else {f.name}"
        else:
            if f.default is not MISSING:
                env[f"_default{n}"] = f.default
                params.append(f"{f.name}=_default{n}")
            else:
                params.append(f.name)
            value = f.name
        body.append(f"_setattr(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
    env["_setattr"] = object.__setattr__
    source = f"def __init__({', '.join(['self', *params])}):\n" + "".join(f"    {line}\n" for line in body or ["pass"])
    exec(compile(source, f"<record {qualname}>", "exec"), env)  # noqa: S102 - our own text
    init = env["__init__"]
    init.__qualname__ = f"{qualname}.__init__"
    return init


def _repr(self) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__record_shown__)
    return f"{type(self).__qualname__}({shown})"


def _eq(self, other):
    if other.__class__ is self.__class__:
        names = self.__record_compared__
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)
    return NotImplemented


def _hash(self) -> int:
    return hash(tuple(getattr(self, n) for n in self.__record_compared__))


def _frozen_setattr(self, name, value):
    if type(self).__dict__.get("__record_fields__") is not None or name in fields(self):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)


def _frozen_delattr(self, name):
    if type(self).__dict__.get("__record_fields__") is not None or name in fields(self):
        raise FrozenInstanceError(f"cannot delete field {name!r}")
    object.__delattr__(self, name)


def _getstate(self) -> list:
    return [getattr(self, f.name) for f in self.__record_fields__]


def _setstate(self, state) -> None:
    for f, value in zip(self.__record_fields__, state):
        object.__setattr__(self, f.name, value)  # frozen classes too


def _with_slots(cls, found: list):
    """The class made again with __slots__ (dataclass's _add_slots)."""
    body = dict(cls.__dict__)
    names = tuple(f.name for f in found)
    body["__slots__"] = names
    for name in (*names, "__dict__", "__weakref__"):
        body.pop(name, None)
    new = type(cls)(cls.__name__, cls.__bases__, body)
    new.__qualname__ = cls.__qualname__
    if "__getstate__" not in body:
        new.__getstate__ = _getstate
    if "__setstate__" not in body:
        new.__setstate__ = _setstate
    return new

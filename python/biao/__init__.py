"""biao: tables out of PDF, DOCX and text dumps of reports, from Python.

A thin ctypes layer over the C library libbiao (no compiler needed to install it):

    import biao
    doc = biao.extract("report.pdf")             # the same structure as `biao extract` JSON
    frames = biao.read_tables("report.pdf")     # pandas DataFrames, one per table

The library is found through $BIAO_LIBRARY, then next to this package (`pip install ./python` after
`cmake --install` ships the installed libbiao there), then the system (ctypes.util.find_library). Errors raise BiaoError with biao's code, name and message.
"""

import ctypes
import ctypes.util
import json
import os

__all__ = ["BiaoError", "extract", "read_tables", "parse_number", "library_version", "library_path"]

# Error codes of include/biao.h (biao_code).
OK = 0
ERR_USAGE, ERR_IO, ERR_FORMAT, ERR_CORRUPT, ERR_ENCRYPTED = -1, -2, -3, -4, -5
ERR_LIMIT, ERR_RULES, ERR_NOMEM, ERR_ENCODING, ERR_EMPTY, ERR_INTERNAL = -6, -7, -8, -9, -10, -11

_INPUTS = {None: 0, "auto": 0, "pdf": 1, "docx": 2, "text": 3}
_UNITS = {None: 0, "keep": 0, "yuan": 1, "wan": 2}
_FORMAT_JSON = 0


class BiaoError(Exception):
    """A failure reported by libbiao: `code` (negative int), `name` ("io", "corrupt", ...),
    `message`, and where it happened: `path`, `page`, `line` (0 when unknown)."""

    def __init__(self, code, name, message, path="", page=0, line=0):
        self.code, self.name, self.message = code, name, message
        self.path, self.page, self.line = path, page, line
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{message} [{name} {code}]")


# ---- struct layouts: copies of include/biao.h, checked against the library when it is loaded ----

_PROGRESS_FN = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_long, ctypes.c_long)


class _Options(ctypes.Structure):
    _fields_ = [
        ("input", ctypes.c_int),
        ("password", ctypes.c_char_p),
        ("pages", ctypes.c_char_p),
        ("rules_dir", ctypes.c_char_p),
        ("max_input_bytes", ctypes.c_size_t),
        ("unit", ctypes.c_int),
        ("progress", _PROGRESS_FN),
        ("progress_user", ctypes.c_void_p),
        ("strict", ctypes.c_int),
    ]


class _Error(ctypes.Structure):
    _fields_ = [
        ("code", ctypes.c_int),
        ("message", ctypes.c_char * 512),
        ("path", ctypes.c_char * 1024),
        ("page", ctypes.c_int),
        ("line", ctypes.c_int),
        ("offset", ctypes.c_long),
    ]


class _ExportOptions(ctypes.Structure):
    _fields_ = [
        ("fill_merged", ctypes.c_int),
        ("table", ctypes.c_int),
        ("csv_bom", ctypes.c_int),
        ("csv_crlf", ctypes.c_int),
        ("pretty", ctypes.c_int),
        ("header_flat", ctypes.c_int),
        ("numbers_plain", ctypes.c_int),
    ]


_STRUCTS = {"biao_options": _Options, "biao_error": _Error, "biao_export_options": _ExportOptions}


def layout_mismatches(lib=None):
    """Differences between the ctypes copies above and the loaded library: a list of strings,
    empty when they agree."""
    lib = lib or _lib()
    out = []
    for cname, cls in _STRUCTS.items():
        size = lib.biao_sizeof(cname.encode())
        if size != ctypes.sizeof(cls):
            out.append(f"sizeof({cname}) is {size} in the library, {ctypes.sizeof(cls)} here")
        for field, _ in cls._fields_:
            off = lib.biao_offsetof(cname.encode(), field.encode())
            if off != getattr(cls, field).offset:
                out.append(f"offsetof({cname}, {field}) is {off} in the library, {getattr(cls, field).offset} here")
    return out


# ---- loading the library ----

_LIB = None
_LIB_PATH = None


def _candidates():
    env = os.environ.get("BIAO_LIBRARY")
    if env:
        yield env
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for name in sorted(os.listdir(here)):
        if name.startswith("libbiao.so") or name == "libbiao.dylib":
            yield os.path.join(here, name)
    found = ctypes.util.find_library("biao")
    if found:
        yield found


def _declare(lib):
    vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
    sigs = {
        "biao_version": (cp, []),
        "biao_code_name": (cp, [i]),
        "biao_sizeof": (ctypes.c_size_t, [cp]),
        "biao_offsetof": (ctypes.c_long, [cp, cp]),
        "biao_options_init": (None, [ctypes.POINTER(_Options)]),
        "biao_export_options_init": (None, [ctypes.POINTER(_ExportOptions)]),
        "biao_doc_open_file": (i, [ctypes.POINTER(vp), cp, ctypes.POINTER(_Options), ctypes.POINTER(_Error)]),
        "biao_doc_open_memory": (i, [ctypes.POINTER(vp), cp, ctypes.c_size_t, cp, ctypes.POINTER(_Options),
                                     ctypes.POINTER(_Error)]),
        "biao_doc_free": (None, [vp]),
        "biao_doc_table_count": (ctypes.c_size_t, [vp]),
        "biao_doc_table": (vp, [vp, ctypes.c_size_t]),
        "biao_table_rows": (i, [vp]),
        "biao_table_cols": (i, [vp]),
        "biao_table_numbers": (i, [vp, ctypes.POINTER(ctypes.c_double), ctypes.POINTER(ctypes.c_ubyte)]),
        "biao_parse_number": (i, [cp, ctypes.POINTER(ctypes.c_double)]),
        "biao_export": (i, [vp, i, ctypes.POINTER(_ExportOptions), ctypes.POINTER(vp), ctypes.POINTER(ctypes.c_size_t),
                            ctypes.POINTER(_Error)]),
        "biao_export_file": (i, [vp, i, ctypes.POINTER(_ExportOptions), cp, ctypes.POINTER(_Error)]),
        "biao_free": (None, [vp]),
    }
    for name, (res, args) in sigs.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args


def _lib():
    global _LIB, _LIB_PATH
    if _LIB is not None:
        return _LIB
    tried = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path} ({e})")
            continue
        _declare(lib)
        bad = layout_mismatches(lib)
        if bad:
            raise ImportError(f"biao: {path} does not match this binding: " + "; ".join(bad))
        _LIB, _LIB_PATH = lib, path
        return lib
    raise ImportError("biao: libbiao not found (set BIAO_LIBRARY to the path of libbiao.so)"
                      + (": tried " + ", ".join(tried) if tried else ""))


def library_path():
    """Path of the loaded libbiao (as it was found: $BIAO_LIBRARY, the package's copy, or the system)."""
    _lib()
    return _LIB_PATH


def library_version():
    """Version string of the loaded libbiao."""
    return _lib().biao_version().decode()


def _raise(rc, err):
    lib = _lib()
    raise BiaoError(rc, lib.biao_code_name(rc).decode(), err.message.decode("utf-8", "replace"),
                    err.path.decode("utf-8", "replace"), err.page, err.line)


def _c_string(name, raw):
    """`raw` (bytes) for a C string argument: a NUL byte would silently cut it there (a path with a
    NUL opens another file, pages='3\\x005' reads as '3'), so it is refused."""
    if b"\0" in raw:
        raise ValueError(f"{name} contains a NUL byte")
    return raw


def _text(name, value):
    if value is None:
        return None
    if isinstance(value, (list, tuple)):  # pages=[3, (5, 8)]
        value = ",".join(f"{v[0]}-{v[1]}" if isinstance(v, tuple) else str(v) for v in value)
    return _c_string(name, os.fsencode(value) if isinstance(value, os.PathLike) else str(value).encode())


def _int_option(name, value, lo, hi):
    """An integer option in [lo, hi], or None. ctypes would wrap a bigger one silently (table=2**40
    became 0: every table) and take -1 as SIZE_MAX (max_input_bytes=-1: no limit)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, not {value!r}")
    if not lo <= value <= hi:
        raise ValueError(f"{name} must be from {lo} to {hi}, not {value}")
    return value


_OPEN_OPTIONS = ("password", "pages", "input", "rules_dir", "unit", "max_input_bytes", "strict")
_EXPORT_OPTIONS = ("fill_merged", "table")


class _Doc:
    """An open biao_doc, freed on exit."""

    def __init__(self, source, options):
        unknown = set(options) - set(_OPEN_OPTIONS) - set(_EXPORT_OPTIONS)
        if unknown:
            raise TypeError(f"unknown option(s): {', '.join(sorted(unknown))}")
        lib = _lib()
        self.lib = lib
        opt = _Options()
        lib.biao_options_init(ctypes.byref(opt))
        try:
            opt.input = _INPUTS[options.get("input")]
            opt.unit = _UNITS[options.get("unit")]
        except KeyError as e:
            raise ValueError(f"bad value {e.args[0]!r} (input: pdf, docx, text; unit: keep, yuan, wan)") from None
        # keep the encoded strings alive for the duration of the call
        self._keep = [_text(k, options.get(k)) for k in ("password", "pages", "rules_dir")]
        opt.password, opt.pages, opt.rules_dir = self._keep
        opt.max_input_bytes = _int_option("max_input_bytes", options.get("max_input_bytes"), 0,
                                          2 ** (8 * ctypes.sizeof(ctypes.c_size_t)) - 1) or 0
        opt.strict = 1 if options.get("strict") else 0
        table = _int_option("table", options.get("table"), 1, 2 ** 31 - 1) or 0
        err = _Error()
        handle = ctypes.c_void_p()
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            rc = lib.biao_doc_open_memory(ctypes.byref(handle), data, len(data), b"-", ctypes.byref(opt),
                                          ctypes.byref(err))
        else:
            rc = lib.biao_doc_open_file(ctypes.byref(handle), _c_string("path", os.fsencode(source)),
                                        ctypes.byref(opt), ctypes.byref(err))
        if rc != OK:
            _raise(rc, err)
        self.handle = handle
        self.export = _ExportOptions()
        lib.biao_export_options_init(ctypes.byref(self.export))
        self.export.pretty = 0
        self.export.fill_merged = 1 if options.get("fill_merged") else 0
        self.export.table = table

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.lib.biao_doc_free(self.handle)
        self.handle = None

    def json(self):
        out, size, err = ctypes.c_void_p(), ctypes.c_size_t(), _Error()
        rc = self.lib.biao_export(self.handle, _FORMAT_JSON, ctypes.byref(self.export), ctypes.byref(out),
                                  ctypes.byref(size), ctypes.byref(err))
        if rc != OK:
            _raise(rc, err)
        try:
            return json.loads(ctypes.string_at(out, size.value).decode("utf-8"))
        finally:
            self.lib.biao_free(out)

    def numbers(self, position):
        """(values, is_number) lists of the typed grid of the table at 0-based `position`."""
        t = self.lib.biao_doc_table(self.handle, position)
        n = self.lib.biao_table_rows(t) * self.lib.biao_table_cols(t)
        values, flags = (ctypes.c_double * max(n, 1))(), (ctypes.c_ubyte * max(n, 1))()
        self.lib.biao_table_numbers(t, values, flags)
        return list(values[:n]), list(flags[:n])


def extract(source, **options):
    """Tables of `source` (a path, or the bytes of a document) as the dict `biao extract` prints:
    {"source", "pages", "tables": [{"index", "title", "meta", "cells", "rows", ...}], "warnings"}.

    Options: password, pages ("3-5,8" or [3, (5, 8)]), input ("pdf", "docx", "text"), rules_dir,
    unit ("keep", "yuan", "wan"), max_input_bytes (0 = the default, 1 GiB), strict (bool: a rule
    that hits PCRE2's match limit fails the document), fill_merged (bool), table (1-based).
    Raises BiaoError on failure, ValueError for a bad argument (a NUL byte in a path or string,
    a number out of range)."""
    with _Doc(source, options) as doc:
        return doc.json()


def parse_number(text):
    """The number `text` prints ("1,006.09" → 1006.09, "67.07%" → 67.07: a percentage is its printed
    figure, as in the JSON value and the XLSX cell), or None."""
    value = ctypes.c_double()
    return value.value if _lib().biao_parse_number(str(text).encode(), ctypes.byref(value)) else None


def _filled_grid(table, values, flags):
    """Dense grid with merged cells filled, printed numbers as floats and empty positions as None."""
    rows, cols = table["n_rows"], table["n_cols"]
    grid = [[None] * cols for _ in range(rows)]
    for c in table["cells"]:
        r0, k0 = c["row"], c["col"]
        i = r0 * cols + k0
        v = values[i] if flags[i] else (c["text"] if c["text"] != "" else None)
        for r in range(r0, min(r0 + c["rowspan"], rows)):
            for k in range(k0, min(k0 + c["colspan"], cols)):
                if grid[r][k] is None:
                    grid[r][k] = v
    return grid


def table_frame(table, values=None, flags=None):
    """One table of extract()'s result as a pandas DataFrame: header rows become the columns (a
    MultiIndex when there are several; a label repeated across columns, such as 科目编码 over 类/款/项,
    gets ".1", ".2" on its last level so every label is unique), merged cells are filled, numbers are
    floats (a percentage is its printed figure, 67.07; 科目 codes stay text) when `values`
    and `flags` (biao_table_numbers) are given. Title, page and meta go into DataFrame.attrs."""
    import pandas as pd

    n = table["n_rows"] * table["n_cols"]
    grid = _filled_grid(table, values or [0.0] * n, flags or [0] * n)
    h = min(table.get("header_rows") or 0, len(grid))
    heads = [["" if v is None else str(v) for v in row] for row in grid[:h]]
    seen = set()  # labels must be unique to index by them: a repeat gets ".1", ".2" (as pandas.read_csv)
    for k in range(len(heads[0]) if h else 0):
        label = candidate = tuple(row[k] for row in heads)
        n = 0
        while candidate in seen:
            n += 1
            candidate = label[:-1] + (f"{label[-1]}.{n}",)
        seen.add(candidate)
        heads[-1][k] = candidate[-1]
    if h == 0:
        columns = None
    elif h == 1:
        columns = pd.Index(heads[0])
    else:
        columns = pd.MultiIndex.from_arrays(heads)
    frame = pd.DataFrame(grid[h:], columns=columns)
    frame = frame.infer_objects()
    for i in range(frame.shape[1]):  # a column with no value at all is numeric (NaN), not object
        if frame.iloc[:, i].isna().all():
            frame.isetitem(i, frame.iloc[:, i].astype(float))
    frame.attrs.update({k: table.get(k) for k in ("index", "title", "page_start", "page_end", "meta")})
    return frame


def read_tables(source, **options):
    """Every table of `source` as a pandas DataFrame (see table_frame). Same options as extract()."""
    with _Doc(source, options) as doc:
        data = doc.json()
        frames = []
        for t in data["tables"]:
            position = t["index"] - 1  # tables are numbered in document order
            values, flags = doc.numbers(position)
            frames.append(table_frame(t, values, flags))
        return frames

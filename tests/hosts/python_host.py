#!/usr/bin/env python3
"""A host written in Python with ctypes (Debian's python3, nothing from pip):
loads libcommittee-report.so.1 the way a .NET or Java host would (by file name,
at run time), runs one action with a progress callback, and prints what it got.

    python_host.py LIBRARY CONFIG REQUEST_JSON [CANCEL_AT_STAGE]

Exits with the code cr_run_json returned."""
import ctypes
import json
import sys


def main():
    library_path, configuration, request = sys.argv[1:4]
    cancel_at = sys.argv[4] if len(sys.argv) > 4 else None
    lib = ctypes.CDLL(library_path)

    lib.cr_api_version.restype = ctypes.c_int
    lib.cr_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p),
                            ctypes.POINTER(ctypes.c_void_p)]
    lib.cr_open.restype = ctypes.c_int
    lib.cr_actions_json.argtypes = [ctypes.c_void_p]
    lib.cr_actions_json.restype = ctypes.c_void_p  # freed with cr_free, so not c_char_p
    progress_type = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p,
                                     ctypes.c_double, ctypes.c_char_p)
    lib.cr_run_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, progress_type,
                                ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.cr_run_json.restype = ctypes.c_int
    lib.cr_free.argtypes = [ctypes.c_void_p]
    lib.cr_close.argtypes = [ctypes.c_void_p]

    def take(pointer):
        if not pointer:
            return None
        text = ctypes.string_at(pointer).decode("utf-8")
        lib.cr_free(pointer)
        return text

    if lib.cr_api_version() < 1:
        print("library interface too old")
        return 1
    handle = ctypes.c_void_p()
    error = ctypes.c_void_p()
    code = lib.cr_open(configuration.encode("utf-8"), ctypes.byref(handle), ctypes.byref(error))
    if code != 0:
        print("open-error", take(error.value))
        return code
    actions = json.loads(take(lib.cr_actions_json(handle)))
    print("actions", " ".join(a["id"] for a in actions["actions"]))

    stages = []

    def on_progress(user, stage, fraction, message):
        stage = stage.decode("utf-8")
        stages.append(stage)
        print("progress", stage, "%.2f" % fraction, message.decode("utf-8"), flush=True)
        return 1 if stage == cancel_at else 0

    callback = progress_type(on_progress)  # kept alive for the whole call
    result = ctypes.c_void_p()
    code = lib.cr_run_json(handle, request.encode("utf-8"), callback, None, ctypes.byref(result))
    print("result", take(result.value))
    print("code", code, "calls", len(stages))
    lib.cr_close(handle)
    return code


if __name__ == "__main__":
    sys.exit(main())

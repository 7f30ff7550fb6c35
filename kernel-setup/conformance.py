"""Debian's jupyter_kernel_test conformance suite against the `descent` kernel.

Run: JUPYTER_PATH=kernel-setup/jupyter /usr/bin/python3 -m unittest kernel-setup/conformance.py -v
(tests/kernel-conformance.test.ts does this from vitest).
"""
import unittest

import jupyter_kernel_test


class DescentKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "descent"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("oops")'

    completion_samples = [{"text": "Math.ma", "matches": {"max"}}]

    complete_code_samples = ["1 + 2", "const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const x = [1,", "if (true) {\n  1"]
    invalid_code_samples = ["const = 5;", "1 +* 2;", "let let = ;"]

    code_page_something = "Math.max?"

    code_generate_error = 'throw new Error("boom")'

    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": '"a".repeat(3)', "result": "'aaa'"},
        {"code": "[1, 2].map((x) => x * 10)", "result": "[ 10, 20 ]"},
    ]

    code_display_data = [
        {"code": 'import * as tslab from "tslab"; tslab.display.html("<b>bold</b>")', "mime": "text/html"},
        {"code": 'import { sendDisplay } from "./src/plot/display-hook";\nsendDisplay({"image/svg+xml": "<svg/>", "text/plain": "svg"})',
         "mime": "image/svg+xml"},
    ]

    code_history_pattern = "1?+?2"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = 'import { clearOutput } from "./src/plot/display-hook";\nclearOutput()'


if __name__ == "__main__":
    unittest.main()

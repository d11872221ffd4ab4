"""Runs every command transcript and Python session of the README and compares the output with
the README's text.

A transcript is a fenced code block (no language, or sh, console, text) holding lines that start
with `$ `: such a line is a command, continued on the following lines while it ends with ` \\`;
the lines after it, up to the next command or the fence, are its expected output (stdout and
stderr together, as a terminal shows them). A line `...` alone stands for any number of lines,
the output the README leaves out. Trailing whitespace and trailing blank lines do not count.

The commands of a block run in order in one bash, so that `echo $?` reports the command before
it. They run in a scratch directory WORK_DIR/micgraph holding links to the source tree's data,
tests, examples, python and bench, `build` linked to BUILD_DIR and an empty `docs`, so files the
commands write (`-o report.html`, `--svg cut.svg`, `-o docs/...svg`) land in the scratch
directory; WORK_DIR/shared links to the shared project folder, where `../shared/...` points.
The command word `micgraph` becomes the program MICGRAPH, `./build/` becomes BUILD_DIR, and
PYTHONPATH=BUILD_DIR/python imports the built Python package.

A block is skipped, with the reason, when a `../shared/` file it reads is absent, when it runs
Python and the build has no Python module (--without-python: MICGRAPH_PYTHON is off), or when a
program it runs was not built (an example, the Python module of a build that has one); the last
makes the whole run a skip, since the README is then not fully checked. On a difference the
unified diff is printed with the README line of the command.

A Python session is a fenced code block (no language, or python, pycon) whose first line starts
with `>>> `. It runs as a doctest under /usr/bin/python3 in the same scratch directory (so
`micgraph.load("data/...")` reads the source tree's data) with the same environment: each `>>>`
statement (continued by `... ` lines) is compared with the lines after it. `...` stands for any
text (doctest's ELLIPSIS); an exception is written as doctest has it, `Traceback (most recent
call last):`, `  ...` and the exception's last line. As for the transcripts, trailing
whitespace and trailing blank lines do not count (pandas pads a frame's index-name line with
spaces; `print` of a text ending in a newline adds a blank line); everything else does: a
frame's columns must line up as written. Sessions are skipped like the blocks that run Python:
without the Python module (--without-python), or, making the whole run a skip, when the
build's module does not import.

Usage: readme_transcripts.py [--without-python] MICGRAPH SOURCE_DIR BUILD_DIR WORK_DIR [README]
Exit code 0 when every block that could run matched, 1 on a difference, 77 when a program was
not built and the other blocks matched (ctest's SKIP_RETURN_CODE), 2 on bad usage.
(`readme_transcripts.py --doctest NAME LINE` runs one session read from stdin, as the README's
NAME from its line LINE, in the current directory: the child process of the above.)
"""

import difflib
import doctest
import os
import re
import shutil
import subprocess
import sys
import time

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
TRANSCRIPT_LANGUAGES = {"", "sh", "shell", "console", "shell-session", "text"}
SESSION_LANGUAGES = {"", "python", "py", "pycon", "python-console"}
SESSION_PROMPT = ">>> "
ELISION = "..."
BLOCK_TIMEOUT = 300  # seconds; the whole README runs in about one
LINKED = ["data", "tests", "examples", "python", "bench"]


class Command:
    def __init__(self, line, text):
        self.line = line          # README line of the `$ `
        self.text = text          # the command as written (continuation lines joined by \n)
        self.expected = []        # (README line, text) of each expected output line


class Block:
    def __init__(self, line):
        self.line = line          # README line of the opening fence
        self.commands = []


def parse_transcripts(readme_lines):
    """The transcript blocks of a Markdown file, in order."""
    blocks = []
    for language, opening_line, body in fenced_blocks(readme_lines):
        if language not in TRANSCRIPT_LANGUAGES:
            continue
        if not any(text.startswith("$ ") for _, text in body):
            continue
        block = Block(opening_line)
        command = None
        continued = False
        for line_number, text in body:
            if continued:
                command.text += "\n" + text
                continued = text.rstrip().endswith("\\")
            elif text.startswith("$ "):
                command = Command(line_number, text[2:])
                block.commands.append(command)
                continued = text.rstrip().endswith("\\")
            elif command is not None:
                command.expected.append((line_number, text))
            elif text.strip():
                raise ValueError(f"line {line_number}: output before the block's first command")
        blocks.append(block)
    return blocks


def fenced_blocks(readme_lines):
    """(language, README line of the opening fence, [(README line, text)]) of every fenced code
    block, the fence's indentation removed from its lines."""
    blocks = []
    number = 0
    while number < len(readme_lines):
        opening = FENCE.match(readme_lines[number])
        number += 1
        if not opening:
            continue
        indent, marker, language = opening.groups()
        opening_line = number
        body = []
        while number < len(readme_lines):
            line = readme_lines[number]
            number += 1
            if line.strip().startswith(marker[0] * len(marker)) and line.strip().strip(marker[0]) == "":
                break
            body.append((number, line[len(indent):] if line.startswith(indent) else line.lstrip()))
        blocks.append((language.lower(), opening_line, body))
    return blocks


class Session:
    def __init__(self, line, text):
        self.line = line          # README line of the first `>>> `
        self.text = text          # the session, from its first `>>> ` to the fence
        self.examples = len(doctest.DocTestParser().get_examples(text))


def parse_sessions(readme_lines):
    """The Python sessions of a Markdown file (blocks whose first line starts with `>>> `)."""
    sessions = []
    for language, _, body in fenced_blocks(readme_lines):
        lines = list(body)
        while lines and not lines[0][1].strip():
            lines.pop(0)
        if language not in SESSION_LANGUAGES or not lines:
            continue
        if not lines[0][1].startswith(SESSION_PROMPT):
            continue
        sessions.append(Session(lines[0][0], "\n".join(text for _, text in lines) + "\n"))
    return sessions


class TrailingWhitespaceChecker(doctest.OutputChecker):
    """doctest's comparison, trailing whitespace of each line and trailing blank lines left out
    of both texts (the README's rule for transcripts)."""

    @staticmethod
    def _trim(text):
        return "\n".join(trimmed(text.split("\n"))) + "\n" if text.strip() else ""

    def check_output(self, want, got, optionflags):
        return super().check_output(self._trim(want), self._trim(got), optionflags)

    def output_difference(self, example, got, optionflags):
        trimmed_example = doctest.Example(example.source, self._trim(example.want),
                                          lineno=example.lineno)
        return super().output_difference(trimmed_example, self._trim(got), optionflags)


def run_session_here(name, line):
    """The --doctest mode: runs the session on stdin as a doctest in the current directory,
    printing doctest's report of each difference; 0 when every example matched."""
    text = sys.stdin.read()
    # test.lineno + example.lineno + 1 is the README line doctest reports.
    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__readme__"}, f"{name} session",
                                               name, line - 1)
    runner = doctest.DocTestRunner(checker=TrailingWhitespaceChecker(), verbose=False,
                                   optionflags=doctest.ELLIPSIS | doctest.REPORT_UDIFF)
    results = runner.run(test, out=sys.stdout.write)
    print(f"{results.attempted} examples, {results.failed} failed")
    return 1 if results.failed or not results.attempted else 0


def run_session(session, name, scratch, environment):
    """Runs a session in a child /usr/bin/python3: (whether it matched, its report)."""
    result = subprocess.run(["/usr/bin/python3", os.path.abspath(__file__), "--doctest", name,
                             str(session.line)],
                            cwd=scratch, env=environment, input=session.text.encode("utf-8"),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=BLOCK_TIMEOUT)
    return result.returncode == 0, result.stdout.decode("utf-8", errors="replace")


def trimmed(lines):
    """Lines without trailing whitespace, and without the trailing blank lines."""
    lines = [line.rstrip() for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def matches(expected, actual):
    """Whether actual equals expected, each `...` line of expected standing for any lines."""
    pieces = [[]]
    for line in expected:
        if line.strip() == ELISION:
            pieces.append([])
        else:
            pieces[-1].append(line)
    if len(pieces) == 1:
        return expected == actual
    first, *middle, last = pieces
    if actual[:len(first)] != first:
        return False
    position = len(first)
    end = len(actual) - len(last)
    if end < position or (last and actual[end:] != last):
        return False
    for piece in middle:
        if not piece:
            continue
        found = next((start for start in range(position, end - len(piece) + 1)
                      if actual[start:start + len(piece)] == piece), None)
        if found is None:
            return False
        position = found + len(piece)
    return True


def difference(expected, expected_lines, actual, label):
    """A unified diff of expected against actual, the `...` lines filled in with what they
    plausibly stand for, and the README line of the first differing expected line."""
    filled, origin = [], []
    matcher = difflib.SequenceMatcher(None, expected, actual, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        elided = i2 > i1 and all(line.strip() == ELISION for line in expected[i1:i2])
        if tag != "equal" and elided:
            filled += actual[j1:j2]
            origin += [None] * (j2 - j1)
        else:
            filled += expected[i1:i2]
            origin += expected_lines[i1:i2]
    first = None
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, filled, actual, autojunk=False).get_opcodes():
        if tag != "equal":
            first = next((origin[i] for i in range(i1, min(i2 + 1, len(origin))) if origin[i]), None)
            if first is None:
                first = next((line for line in reversed(origin[:i1]) if line), None)
            break
    diff = difflib.unified_diff(filled, actual, label, "actual output", lineterm="")
    return first, "\n".join(diff)


def shell_command(command, program, build_dir):
    """The README's command with the program and the build directory put in."""
    text = re.sub(r"(^|[|;&(]\s*)micgraph(?=\s|$)",
                  lambda m: m.group(1) + shlex_quote(program), command, flags=re.M)
    return text.replace("./build/", shlex_quote(build_dir) + "/")


def shlex_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def missing_for(block, build_dir, shared_dir, with_python, python_ok):
    """Why the block cannot run here, and whether that is a build left incomplete; or None."""
    for command in block.commands:
        for shared in re.findall(r"\.\./shared/([^\s'\"]+)", command.text):
            if not os.path.exists(os.path.join(shared_dir, shared)):
                return f"{os.path.join(shared_dir, shared)} is absent", False
        if re.search(r"(^|\s)(/usr/bin/)?python3?\s", command.text):
            if not with_python:
                return "this build has no Python module (MICGRAPH_PYTHON is off)", False
            if not python_ok():
                return f"the Python module was not built: {build_dir}/python does not import", True
        for example in re.findall(r"\./build/([\w./-]+)", command.text):
            if not os.access(os.path.join(build_dir, example), os.X_OK):
                return f"{build_dir}/{example} was not built", True
    return None


def prepare_scratch(work_dir, source_dir, build_dir):
    if os.path.exists(work_dir):
        shutil.rmtree(work_dir)
    scratch = os.path.join(work_dir, "micgraph")
    os.makedirs(os.path.join(scratch, "docs"))
    for name in LINKED:
        os.symlink(os.path.join(source_dir, name), os.path.join(scratch, name))
    os.symlink(build_dir, os.path.join(scratch, "build"))
    os.symlink(os.path.join(os.path.dirname(source_dir), "shared"), os.path.join(work_dir, "shared"))
    return scratch


def run_block(block, scratch, program, build_dir, environment):
    """The combined output of each command of the block, with its exit status."""
    marker = "\x1emicgraph-readme-command"
    script = ["exec 2>&1",
              f"__mark() {{ local status=$?; printf '\\n{marker} %s %s\\n' \"$1\" \"$status\"; return $status; }}"]
    for index, command in enumerate(block.commands):
        script.append(f"__mark {index}")
        script.append(shell_command(command.text, program, build_dir))
    script.append(f"__mark {len(block.commands)}")
    result = subprocess.run(["bash", "-c", "\n".join(script)], cwd=scratch, env=environment,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            timeout=BLOCK_TIMEOUT)
    text = result.stdout.decode("utf-8", errors="replace")
    parts = re.split("\n" + marker + r" (\d+) (\d+)\n", "\n" + text)
    # parts: [before the first mark, index, status, output, index, status, output, ...]
    outputs = []
    for k in range(1, len(parts) - 2, 3):
        index, output = int(parts[k]), parts[k + 2]
        if index < len(block.commands):
            status_after = int(parts[k + 4]) if k + 4 < len(parts) else None
            outputs.append((output.split("\n") if output else [], status_after))
    return outputs


def main(argv):
    if len(argv) == 4 and argv[1] == "--doctest":
        return run_session_here(argv[2], int(argv[3]))
    with_python = "--without-python" not in argv
    argv = [a for a in argv if a != "--without-python"]
    if len(argv) not in (5, 6):
        print("usage: " + __doc__.split("Usage: ")[1].split("\n")[0], file=sys.stderr)
        return 2
    program, source_dir, build_dir, work_dir = (os.path.abspath(a) for a in argv[1:5])
    readme = os.path.abspath(argv[5]) if len(argv) == 6 else os.path.join(source_dir, "README.md")
    if not os.access(program, os.X_OK):
        print(f"SKIP: {program} was not built")
        return 77
    with open(readme, encoding="utf-8") as file:
        readme_lines = file.read().split("\n")
        try:
            blocks = parse_transcripts(readme_lines)
        except ValueError as error:
            print(f"FAIL {readme}: {error}")
            return 1
    scratch = prepare_scratch(work_dir, source_dir, build_dir)
    shared_dir = os.path.join(os.path.dirname(source_dir), "shared")

    environment = dict(os.environ)
    environment.update(PYTHONPATH=os.path.join(build_dir, "python"), PYTHONDONTWRITEBYTECODE="1",
                       LC_ALL="C.UTF-8", TZ="UTC")
    environment.pop("COLUMNS", None)
    python_state = {}

    def python_ok():
        if "ok" not in python_state:
            probe = subprocess.run(["/usr/bin/python3", "-c", "import micgraph"], env=environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            python_state["ok"] = probe.returncode == 0
        return python_state["ok"]

    name = os.path.basename(readme)
    failed, skipped, incomplete, checked = 0, 0, 0, 0
    for block in blocks:
        missing = missing_for(block, build_dir, shared_dir, with_python, python_ok)
        if missing:
            print(f"SKIP {name}:{block.commands[0].line}: {missing[0]}")
            skipped += 1
            incomplete += missing[1]
            continue
        start = time.monotonic()
        try:
            outputs = run_block(block, scratch, program, build_dir, environment)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}:{block.commands[0].line}: the block ran longer than {BLOCK_TIMEOUT} s")
            failed += 1
            continue
        seconds = time.monotonic() - start
        block_failed = False
        for number, command in enumerate(block.commands):
            if number >= len(outputs):
                print(f"FAIL {name}:{command.line}: `{command.text}` did not run (the shell stopped)")
                block_failed = True
                break
            actual, status = outputs[number]
            actual = trimmed(actual)
            expected = trimmed(text for _, text in command.expected)
            expected_lines = [line for line, _ in command.expected][:len(expected)]
            checked += 1
            if matches(expected, actual):
                continue
            block_failed = True
            first, diff = difference(expected, expected_lines, actual, f"{name}:{command.line}")
            where = f" (first difference at {name}:{first})" if first else ""
            print(f"FAIL {name}:{command.line}: the output of `{command.text}` (exit status "
                  f"{status}) differs from the README{where}:")
            print(diff)
            print()
        failed += block_failed
        if not block_failed:
            print(f"ok   {name}:{block.commands[0].line}: {len(block.commands)} command(s), {seconds:.1f} s")
    sessions = parse_sessions(readme_lines)
    examples = 0
    for session in sessions:
        if not with_python:
            missing = "this build has no Python module (MICGRAPH_PYTHON is off)", False
        elif not python_ok():
            missing = f"the Python module was not built: {build_dir}/python does not import", True
        else:
            missing = None
        if missing:
            print(f"SKIP {name}:{session.line}: Python session: {missing[0]}")
            skipped += 1
            incomplete += missing[1]
            continue
        start = time.monotonic()
        try:
            matched, report = run_session(session, name, scratch, environment)
        except subprocess.TimeoutExpired:
            print(f"FAIL {name}:{session.line}: the Python session ran longer than "
                  f"{BLOCK_TIMEOUT} s")
            failed += 1
            continue
        seconds = time.monotonic() - start
        examples += session.examples
        if matched:
            print(f"ok   {name}:{session.line}: Python session, {session.examples} example(s), "
                  f"{seconds:.1f} s")
        else:
            print(f"FAIL {name}:{session.line}: the Python session differs from the README "
                  f"(doctest):")
            print(report)
            failed += 1
    print(f"{len(blocks)} transcript blocks, {checked} commands compared; {len(sessions)} Python "
          f"session(s), {examples} examples run: {failed} block(s) differ, {skipped} skipped")
    if failed:
        return 1
    return 77 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

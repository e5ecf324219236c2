"""Prints every skipped test with its reason, then every failed test with the start of its message, then one closing
'N passed, N failed, N skipped' line, from TRX files: failures come last so that a log's tail names them."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
# Enough of a failure message to name the cause (an assertion's first lines, an exception's type and message).
MESSAGE_CHARS = 600


def main(folder: str) -> int:
    files = glob.glob(f"{folder}/**/*.trx", recursive=True)
    if not files:
        print(f"error: no TRX results under {folder}", file=sys.stderr)
        return 1
    counts = {"Passed": 0, "NotExecuted": 0}
    failures = []
    for path in files:
        for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome", "Failed")
            counts[outcome] = counts.get(outcome, 0) + 1
            message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
            if outcome == "NotExecuted":
                reason = result.findtext(".//t:Output/t:StdOut", default="", namespaces=NS).strip()
                print(f"skipped: {result.get('testName')}: {message or reason or 'NO REASON GIVEN'}")
            elif outcome != "Passed":
                failures.append(f"{outcome.lower()}: {result.get('testName')}: {' '.join(message.split())[:MESSAGE_CHARS]}")
    for failure in failures:
        print(failure)
    print(f"tests: {counts['Passed']} passed, {len(failures)} failed, {counts['NotExecuted']} skipped")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

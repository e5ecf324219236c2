"""Prints every skipped test with its reason, and one closing 'N passed, N failed, N skipped' line, from TRX files."""
import glob
import sys
import xml.etree.ElementTree as ET

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def main(folder: str) -> int:
    files = glob.glob(f"{folder}/**/*.trx", recursive=True)
    if not files:
        print(f"error: no TRX results under {folder}", file=sys.stderr)
        return 1
    counts = {"Passed": 0, "Failed": 0, "NotExecuted": 0}
    for path in files:
        for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", NS):
            outcome = result.get("outcome", "Failed")
            counts[outcome] = counts.get(outcome, 0) + 1
            if outcome == "NotExecuted":
                reason = result.findtext(".//t:Output/t:StdOut", default="", namespaces=NS).strip()
                message = result.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=NS).strip()
                print(f"skipped: {result.get('testName')}: {message or reason or 'NO REASON GIVEN'}")
    failed = sum(v for k, v in counts.items() if k not in ("Passed", "NotExecuted"))
    print(f"tests: {counts['Passed']} passed, {failed} failed, {counts['NotExecuted']} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))

using System.Text;
using BindingConformance.IO;
using BindingConformance.Kinds.Hybridization;

namespace BindingConformance.Snapshots;

/// <summary>
/// Approved and received snapshots under <c>{Directory}/{suite}/{cell}.approved.json</c> and
/// <c>.received.json</c>, the Verify workflow: a missing or mismatching baseline leaves a received file
/// and fails; <see cref="Approve"/> promotes received files to approved.
/// </summary>
public sealed class SnapshotStore(string directory)
{
    private const string ApprovedSuffix = ".approved.json";
    private const string ReceivedSuffix = ".received.json";

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary><c>fixtures/approved</c> in the checkout.</summary>
    public static SnapshotStore Default => new(Path.Combine(Oracles.ProductPaths.Root, "fixtures", "approved"));

    public string ApprovedPath(string suite, string cell) => Path.Combine(Directory, suite, cell + ApprovedSuffix);

    public string ReceivedPath(string suite, string cell) => Path.Combine(Directory, suite, cell + ReceivedSuffix);

    public SnapshotVerdict Verify(string suite, string cell, CellRecord received, SnapshotRules rules) =>
        Verify(suite, cell, cell, SnapshotJson.Serialize(received),
            path => SnapshotComparer.Compare(SnapshotJson.Deserialize<CellRecord>(File.ReadAllText(path), path), received, rules));

    /// <summary>Whether <c>{suite}/{cell}</c> has an approved snapshot.</summary>
    public bool HasApproved(string suite, string cell) => File.Exists(ApprovedPath(suite, cell));

    /// <summary>
    /// A hybridization finding against its approved behaviour (<see cref="HybridizationRecordComparer"/>): <paramref name="approved"/>'s
    /// (another cell's, <c>{suite}/{approved}</c>, when this one is held to it), else its own. The received file is always its own.
    /// </summary>
    public SnapshotVerdict Verify(string suite, string cell, HybridizationRecord received, string? approved = null) =>
        Verify(suite, cell, approved ?? cell, SnapshotJson.Serialize(received),
            path => HybridizationRecordComparer.Compare(SnapshotJson.Deserialize<HybridizationRecord>(File.ReadAllText(path), path), received));

    private SnapshotVerdict Verify(string suite, string cell, string approved, string receivedJson, Func<string, SnapshotComparison> compareWithApproved)
    {
        var approvedPath = ApprovedPath(suite, approved);
        var receivedPath = ReceivedPath(suite, cell);
        if (!File.Exists(approvedPath))
        {
            AtomicFile.WriteAllText(receivedPath, receivedJson);
            return new SnapshotVerdict(false, Message(suite, cell, approved, "New", ["no approved snapshot yet"], []));
        }

        var comparison = compareWithApproved(approvedPath);
        if (!comparison.IsMatch)
        {
            AtomicFile.WriteAllText(receivedPath, receivedJson);
            return new SnapshotVerdict(false, Message(suite, cell, approved, "NotEqual", comparison.Differences, comparison.Notes));
        }
        // A stale received file from an earlier failure would otherwise be approved by mistake.
        File.Delete(receivedPath);
        return new SnapshotVerdict(true, Message(suite, cell, approved, "Equal", [], comparison.Notes));
    }

    /// <summary>
    /// Promotes every received snapshot whose <c>{suite}/{cell}</c> contains <paramref name="filter"/> (all when null;
    /// none when empty) by renaming it over its approved file (<see cref="AtomicFile.Replace"/>). Every selected file is
    /// read and checked first (a received file is hostile input: it may be truncated or hand-edited), so a bad one is
    /// refused before any is promoted. Returns the promoted <c>{suite}/{cell}</c> names.
    /// </summary>
    /// <exception cref="InvalidDataException">A selected received file is not a snapshot of its suite; nothing was promoted.</exception>
    public IReadOnlyList<string> Approve(string? filter)
    {
        if (!System.IO.Directory.Exists(Directory) || filter is "") return [];
        var selected = System.IO.Directory.EnumerateFiles(Directory, "*" + ReceivedSuffix, SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(received => (Path: received, Name: Path.GetRelativePath(Directory, received)[..^ReceivedSuffix.Length].Replace('\\', '/')))
            .Where(r => filter is null || r.Name.Contains(filter, StringComparison.Ordinal))
            .ToArray();
        foreach (var (received, name) in selected) Validate(received, name);
        foreach (var (received, _) in selected) AtomicFile.Replace(received, received[..^ReceivedSuffix.Length] + ApprovedSuffix);
        return selected.Select(r => r.Name).ToArray();
    }

    /// <summary>Reads <paramref name="path"/> as the record its suite keeps (a hybridization behaviour, else a cell record).</summary>
    private static void Validate(string path, string name)
    {
        if (FileKinds.WhyNotInputFile(path) is { } why) throw new InvalidDataException(why);
        if (name.StartsWith(HazardCells.SnapshotSuite + "/", StringComparison.Ordinal))
            SnapshotJson.Deserialize<HybridizationRecord>(File.ReadAllText(path), path);
        else
            SnapshotJson.Deserialize<CellRecord>(File.ReadAllText(path), path);
    }

    /// <summary>Verify's layout: the folder, a section named after the outcome, the file pair, then the comparer's reasons.</summary>
    private string Message(string suite, string cell, string approved, string section, IReadOnlyList<string> reasons, IReadOnlyList<string> notes)
    {
        var text = new StringBuilder();
        text.Append($"Directory: {Path.Combine(Directory, suite)}\n");
        text.Append($"{section}:\n");
        text.Append($"  Received: {cell}{ReceivedSuffix}\n");
        text.Append($"  Approved: {approved}{ApprovedSuffix}{(approved == cell ? "" : $" ({cell} has none of its own)")}\n");
        foreach (var reason in reasons) text.Append($"    - {reason}\n");
        if (notes.Count > 0)
        {
            text.Append("Notes:\n");
            foreach (var note in notes) text.Append($"    - {note}\n");
        }
        if (section != "Equal") text.Append($"Approve with: conformance approve --filter \"{suite}/{cell}\" --dir {Directory}\n");
        return text.ToString();
    }
}

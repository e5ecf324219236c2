using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BindingConformance.IO;

namespace BindingConformance.Repro;

/// <summary>
/// A bundle's case as data, in <c>case.json</c>: what it reproduces (<see cref="Kind"/>, the failing <see cref="Cell"/>'s
/// name, and the kind's fields in <see cref="Case"/>, files by paths relative to the bundle) and the SHA-256 of every file
/// <c>conformance reproduce</c> reads (<see cref="Files"/>). Bundles travel between people, so <see cref="Read"/> treats the
/// file as hostile: every field is type-checked, every path must stay inside the bundle, every listed file must match its
/// checksum, and nothing in it is ever run as a command (docs/trust-model.md).
/// </summary>
public sealed partial record BundleManifest(string Kind, string Cell, JsonObject Case, IReadOnlyDictionary<string, string> Files)
{
    public const int Version = 1;

    /// <summary>A model file run by two bindings (<c>conformance compare</c>).</summary>
    public const string Forward = "forward";

    /// <summary>A hazard probe in an execution mode (<c>conformance compare --probe</c>).</summary>
    public const string Probe = "probe";

    /// <summary>A training cell, trained again (<c>conformance run</c> or, for a simulated bug, <c>sensitivity</c>).</summary>
    public const string Training = "training";

    /// <summary>Largest <c>case.json</c> read: a few kilobytes in practice.</summary>
    private const long MaxBytes = 1 << 20;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// Writes <c>case.json</c> into <paramref name="directory"/>, with the checksums of <paramref name="files"/> (paths
    /// relative to it, '/'-separated) as they are now.
    /// </summary>
    public static BundleManifest Write(string directory, string kind, string cell, JsonObject @case, IEnumerable<string> files)
    {
        var manifest = new BundleManifest(kind, cell, @case,
            files.Distinct().Order(StringComparer.Ordinal).ToDictionary(f => f, f => BundleFiles.Sha256(BundleFiles.Inside(directory, f))));
        AtomicFile.WriteAllText(Path.Combine(directory, ReproBundle.CaseFile), manifest.ToJson().ToJsonString(Indented) + "\n");
        return manifest;
    }

    public JsonObject ToJson() => new()
    {
        ["bundle_version"] = Version,
        ["kind"] = Kind,
        ["cell"] = Cell,
        ["case"] = Case.DeepClone(),
        ["files"] = new JsonObject(Files.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)f.Value))),
    };

    /// <summary>Reads and checks the <c>case.json</c> of the bundle in <paramref name="directory"/>, and every file it lists.</summary>
    /// <exception cref="InvalidDataException">Anything that is not a sound bundle: one line saying what.</exception>
    public static BundleManifest Read(string directory)
    {
        var path = BundleFiles.RegularFile(directory, ReproBundle.CaseFile);
        if (new FileInfo(path).Length > MaxBytes) throw new InvalidDataException($"{ReproBundle.CaseFile} is larger than {MaxBytes} bytes");
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new InvalidDataException($"{ReproBundle.CaseFile} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{ReproBundle.CaseFile} is not valid JSON: {e.Message}");
        }
        if (json["bundle_version"] is not JsonValue version || !version.TryGetValue<int>(out var v) || v != Version)
            throw new InvalidDataException($"{ReproBundle.CaseFile} is not a version {Version} bundle manifest (its 'bundle_version' is {Describe(json["bundle_version"])})");
        var kind = Text(json, "kind");
        if (kind is not (Forward or Probe or Training)) throw new InvalidDataException($"unknown bundle kind '{BundleFiles.Printable(kind)}'; known: {Forward}, {Probe}, {Training}");
        var @case = json["case"] as JsonObject ?? throw new InvalidDataException($"'case' is {Describe(json["case"])}, not an object");
        var listed = json["files"] as JsonObject ?? throw new InvalidDataException($"'files' is {Describe(json["files"])}, not an object");
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, hash) in listed)
        {
            if (hash is not JsonValue value || !value.TryGetValue<string>(out var sha) || !Sha256Hex().IsMatch(sha))
                throw new InvalidDataException($"the checksum of {BundleFiles.Printable(name)} is not a SHA-256 in hex");
            var actual = BundleFiles.Sha256(BundleFiles.RegularFile(directory, name));
            if (actual != sha) throw new InvalidDataException($"{BundleFiles.Printable(name)} does not match its checksum in {ReproBundle.CaseFile}: the bundle was changed or damaged");
            files[name] = sha;
        }
        return new BundleManifest(kind, Text(json, "cell"), @case, files);
    }

    /// <summary>A text field of the case; null when absent or null.</summary>
    /// <exception cref="InvalidDataException">The field is something other than text.</exception>
    public string? Field(string key) => Case[key] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => throw new InvalidDataException($"the case's '{key}' is {Describe(other)}, not text"),
    };

    /// <summary>A text field the case must have.</summary>
    public string Required(string key) => Field(key) ?? throw new InvalidDataException($"the case has no '{key}'");

    /// <summary>An array of integers the case must have (the seeds of a training).</summary>
    public IReadOnlyList<int> Integers(string key) =>
        Case[key] is JsonArray items && items.Count > 0
            ? items.Select(i => i is JsonValue value && value.TryGetValue<int>(out var n) ? n : throw new InvalidDataException($"the case's '{key}' holds {Describe(i)}, not an integer")).ToArray()
            : throw new InvalidDataException($"the case's '{key}' is {Describe(Case[key])}, not a non-empty array");

    /// <summary>The full path of the listed regular file <paramref name="relative"/>; a file the manifest does not list is refused.</summary>
    public string ListedFile(string directory, string relative) =>
        Files.ContainsKey(relative) ? BundleFiles.RegularFile(directory, relative)
            : throw new InvalidDataException($"{BundleFiles.Printable(relative)} is not among the files {ReproBundle.CaseFile} lists and checks");

    /// <summary>The full path of the folder <paramref name="relative"/>, every file under which is listed (and so checked).</summary>
    public string ListedFolder(string directory, string relative)
    {
        var folder = BundleFiles.Folder(directory, relative);
        foreach (var file in BundleFiles.FilesUnder(directory, folder)) ListedFile(directory, file);
        return folder;
    }

    private static string Text(JsonObject json, string key) =>
        json[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw new InvalidDataException($"'{key}' is {Describe(json[key])}, not text");

    private static string Describe(JsonNode? node) => node is null ? "missing or null" : $"a {node.GetValueKind().ToString().ToLowerInvariant()}";

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}

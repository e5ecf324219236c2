using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Reports;

namespace BindingConformance.Caching;

/// <summary>
/// Trainings kept by content (<see cref="TrainingCacheKey"/>): a training request asked again, with the same binding
/// version, code, model, data, seed, settings and batch order, is answered with the kept result and its saved files copied
/// where the request wants them. <c>conformance run</c> keeps its cache across runs (<c>.cache/trainings</c>);
/// <c>conformance sensitivity</c> keeps one for the mutant runs of one study.
/// <para>
/// An entry is a folder <c>&lt;hash&gt;/</c> holding <c>entry.json</c> (the key, the result, and each file's size and
/// SHA-256) and the files. Entries are hostile input: one that does not parse, answers another key, or whose files are
/// missing, changed or not regular files is ignored with a note and trained again. An entry appears whole or not at all
/// (built in a temporary folder, then renamed into place).
/// </para>
/// </summary>
public sealed class TrainingCache(string directory, IProgress<string>? notes = null)
{
    private const string EntryFile = "entry.json";
    private const string LogitsFile = "final_test_logits.f32";
    private int hits;

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>How many training requests this cache answered.</summary>
    public int Hits => hits;

    /// <summary>The kept result of <paramref name="request"/> (<paramref name="key"/>), its files copied to the requested paths; false when there is none to trust.</summary>
    public bool TryRecall(TrainingCacheKey key, TrainRequest request, out TrainResult result)
    {
        result = null!;
        var folder = Path.Combine(Directory, key.Hash);
        if (!File.Exists(Path.Combine(folder, EntryFile))) return false;
        try
        {
            var (recalled, files) = Read(folder, key, request);
            foreach (var export in request.Exports)
                AtomicFile.Copy(files[export.Format], export.Path);
            result = recalled with { Exports = request.Exports };
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or JsonException or ArgumentException)
        {
            notes?.Report($"cache: entry {key.Hash[..12]} ignored ({e.Message}); training again");
            return false;
        }
        Interlocked.Increment(ref hits);
        return true;
    }

    /// <summary>Keeps <paramref name="result"/> of <paramref name="request"/> and a copy of its saved files, replacing any entry of the key.</summary>
    public void Remember(TrainingCacheKey key, TrainRequest request, TrainResult result)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var incoming = Path.Combine(Directory, $".incoming-{Guid.NewGuid():N}");
        try
        {
            System.IO.Directory.CreateDirectory(incoming);
            var files = new JsonArray();
            foreach (var export in result.Exports)
            {
                var relative = Path.Combine("files", export.Format.WireName(), Path.GetFileName(export.Path.TrimEnd(Path.DirectorySeparatorChar)));
                AtomicFile.Copy(export.Path, Path.Combine(incoming, relative));
                files.Add(new JsonObject
                {
                    ["format"] = export.Format.WireName(),
                    ["path"] = relative.Replace('\\', '/'),
                    ["contents"] = Contents(Path.Combine(incoming, relative)),
                });
            }
            JsonNode? logits = null;
            if (result.FinalTestLogits is { } values)
            {
                var bytes = new byte[values.Length * sizeof(float)];
                Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
                File.WriteAllBytes(Path.Combine(incoming, LogitsFile), bytes);
                logits = new JsonObject { ["count"] = values.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
            }
            var entry = new JsonObject
            {
                ["key"] = key.Content.DeepClone(),
                ["result"] = new JsonObject
                {
                    ["train_accuracy"] = Numbers(result.TrainAccuracy),
                    ["test_accuracy"] = Numbers(result.TestAccuracy),
                    ["final_test_accuracy"] = Finite(result.FinalTestAccuracy),
                    ["training_seconds"] = result.TrainingSeconds,
                    ["binding_version"] = result.BindingVersion,
                    ["step_losses"] = Numbers(result.StepLosses),
                    ["final_test_logits"] = logits,
                },
                ["files"] = files,
            };
            AtomicFile.WriteAllText(Path.Combine(incoming, EntryFile), entry.ToJsonString());
            Replace(Path.Combine(Directory, key.Hash), incoming);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A cache that cannot be written costs the next run time, never this run its result.
            notes?.Report($"cache: training not kept ({e.Message})");
        }
        finally
        {
            if (System.IO.Directory.Exists(incoming)) System.IO.Directory.Delete(incoming, recursive: true);
        }
    }

    /// <summary>Moves the finished <paramref name="incoming"/> folder to <paramref name="target"/> by renames, so readers see an old entry or the new one.</summary>
    private static void Replace(string target, string incoming)
    {
        if (System.IO.Directory.Exists(target))
        {
            var stale = $"{target}.stale-{Guid.NewGuid():N}";
            System.IO.Directory.Move(target, stale);
            System.IO.Directory.Delete(stale, recursive: true);
        }
        try
        {
            System.IO.Directory.Move(incoming, target);
        }
        catch (IOException) when (System.IO.Directory.Exists(target))
        {
            // Another run (a shard on the same machine) kept the same training first: its entry answers the same key.
        }
    }

    private static (TrainResult Result, Dictionary<ModelFormat, string> Files) Read(string folder, TrainingCacheKey key, TrainRequest request)
    {
        var entry = JsonNode.Parse(File.ReadAllText(InputFile(Path.Combine(folder, EntryFile)))) as JsonObject
                    ?? throw new InvalidDataException("entry.json is not a JSON object");
        if (!JsonNode.DeepEquals(entry["key"], key.Content)) throw new InvalidDataException("it answers another request (key differs)");
        var o = new JsonFields(entry, "cache entry");
        var r = new JsonFields(o.OptionalObject("result") ?? throw new InvalidDataException("cache entry has no 'result'"), "cached result");
        var result = new TrainResult(Curve(r, "train_accuracy", request.Settings.Epochs), Curve(r, "test_accuracy", request.Settings.Epochs),
            r.OptionalNumber("final_test_accuracy") ?? double.NaN, r.Number("training_seconds"), r.Text("binding_version"), [])
        {
            StepLosses = StepLosses(r, request),
            FinalTestLogits = r.OptionalObject("final_test_logits") is { } logits ? Logits(folder, new JsonFields(logits, "cached logits")) : null,
        };
        var files = new Dictionary<ModelFormat, string>();
        foreach (var file in o.Objects("files").Select(f => new JsonFields(f, "cached file")))
        {
            var format = ModelFormatNames.FromWireName(file.Text("format"));
            var path = Inside(folder, file.Text("path"));
            Verify(path, file.Objects("contents").Select(c => new JsonFields(c, "cached file content")).ToArray());
            files[format] = path;
        }
        var missing = request.Exports.Where(e => !files.ContainsKey(e.Format)).Select(e => e.Format.WireName()).ToArray();
        if (missing.Length > 0) throw new InvalidDataException($"it has no {string.Join(", ", missing)} file");
        return (result, files);
    }

    private static double[] Curve(JsonFields result, string name, int epochs)
    {
        var values = result.Numbers(name);
        return values.Length == epochs ? values : throw new InvalidDataException($"'{name}' has {values.Length} values for {epochs} epochs");
    }

    private static double[] StepLosses(JsonFields result, TrainRequest request)
    {
        var losses = result.Numbers("step_losses");
        return losses.Length is 0 || losses.Length == request.Steps
            ? losses : throw new InvalidDataException($"'step_losses' has {losses.Length} values for {request.Steps} steps");
    }

    private static float[] Logits(string folder, JsonFields logits)
    {
        var bytes = File.ReadAllBytes(InputFile(Inside(folder, LogitsFile)));
        if (bytes.Length != logits.Number("count") * sizeof(float) || Convert.ToHexStringLower(SHA256.HashData(bytes)) != logits.Text("sha256"))
            throw new InvalidDataException($"{LogitsFile} does not match its recorded size and SHA-256");
        var values = new float[bytes.Length / sizeof(float)];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    /// <summary>Every regular file of <paramref name="path"/> (a file, or a folder such as TensorFlow.js's), with its size and SHA-256.</summary>
    private static JsonArray Contents(string path)
    {
        var files = File.Exists(path) ? [path] : System.IO.Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        return new JsonArray(files.Select(f => (JsonNode)new JsonObject
        {
            ["path"] = File.Exists(path) ? "" : Path.GetRelativePath(path, f).Replace('\\', '/'),
            ["size"] = new FileInfo(f).Length,
            ["sha256"] = Hash(f),
        }).ToArray());
    }

    /// <summary>Checks that <paramref name="path"/> holds exactly the recorded regular files, unchanged.</summary>
    private static void Verify(string path, IReadOnlyList<JsonFields> contents)
    {
        var expected = contents.ToDictionary(c => c.Text("path"), c => (Size: c.Number("size"), Hash: c.Text("sha256")));
        // Everything but real folders: a link, a device or a file a writer did not record makes the entry untrustworthy.
        string[] actual = File.Exists(path) ? [""]
            : System.IO.Directory.Exists(path) ? System.IO.Directory.EnumerateFileSystemEntries(path, "*", SearchOption.AllDirectories)
                .Where(e => !IsRealFolder(e)).Select(f => Path.GetRelativePath(path, f).Replace('\\', '/')).ToArray()
            : throw new InvalidDataException($"{Path.GetFileName(path)} is missing");
        if (!actual.ToHashSet().SetEquals(expected.Keys)) throw new InvalidDataException($"{Path.GetFileName(path)} does not hold the recorded files");
        foreach (var (relative, (size, hash)) in expected)
        {
            var file = new FileInfo(relative.Length == 0 ? path : Inside(path, relative));
            var name = relative.Length == 0 ? Path.GetFileName(path) : $"{Path.GetFileName(path)}/{relative}";
            if (FileKinds.Of(file.FullName) != FileKind.Regular) throw new InvalidDataException($"{name} is not a regular file");
            if (file.Length != size || Hash(file.FullName) != hash) throw new InvalidDataException($"{name} changed since it was kept");
        }
    }

    private static bool IsRealFolder(string path) => System.IO.Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null;

    /// <summary><paramref name="relative"/> under <paramref name="folder"/>; a path that leaves it is hostile.</summary>
    private static string Inside(string folder, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(folder, relative));
        return full.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? full : throw new InvalidDataException($"'{relative}' points outside the entry");
    }

    /// <summary><paramref name="path"/>, when it is a regular file to read; a FIFO would block the run and a device is no entry.</summary>
    private static string InputFile(string path) => FileKinds.WhyNotInputFile(path) is { } why ? throw new InvalidDataException(why) : path;

    private static string Hash(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    // JSON has no NaN or infinity: a diverged curve keeps its length with nulls where values were not finite.
    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode?)Finite(v)).ToArray());

    private static JsonValue? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;
}

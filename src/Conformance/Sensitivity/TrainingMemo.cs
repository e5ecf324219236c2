using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using BindingConformance.IO;
using BindingConformance.Oracles;

namespace BindingConformance.Sensitivity;

/// <summary>
/// Training results and saved files of untouched bindings, kept for the mutant runs of one
/// <c>conformance sensitivity</c> invocation (a mutant changes one binding; the others would train identically).
/// Keyed by everything a training request says except where its files go. Deleted with its folder.
/// </summary>
public sealed class TrainingMemo(string directory) : IDisposable
{
    private readonly ConcurrentDictionary<string, (TrainResult Result, IReadOnlyList<ModelExport> Files)> entries = new();
    private int next;
    private int hits;

    public string Directory { get; } = Path.GetFullPath(directory);

    /// <summary>How many training requests were answered from the memo.</summary>
    public int Hits => hits;

    /// <summary>The remembered result of <paramref name="request"/> in <paramref name="bindingId"/>, its files copied to the requested paths.</summary>
    public bool TryRecall(string bindingId, TrainRequest request, out TrainResult result)
    {
        result = null!;
        if (!entries.TryGetValue(Key(bindingId, request), out var entry)) return false;
        foreach (var export in request.Exports)
            AtomicFile.Copy(entry.Files.First(f => f.Format == export.Format).Path, export.Path);
        Interlocked.Increment(ref hits);
        result = entry.Result with { Exports = request.Exports };
        return true;
    }

    /// <summary>Keeps <paramref name="result"/> and a copy of its saved files.</summary>
    public void Remember(string bindingId, TrainRequest request, TrainResult result)
    {
        var folder = Path.Combine(Directory, Interlocked.Increment(ref next).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var files = result.Exports.Select(e =>
        {
            var copy = Path.Combine(folder, e.Format.WireName(), Path.GetFileName(e.Path));
            AtomicFile.Copy(e.Path, copy);
            return e with { Path = copy };
        }).ToArray();
        entries[Key(bindingId, request)] = (result, files);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static string Key(string bindingId, TrainRequest request)
    {
        var order = SHA256.HashData(request.BatchOrder.Epochs.SelectMany(e => e).SelectMany(BitConverter.GetBytes).ToArray());
        return string.Join('|', bindingId, JsonSerializer.Serialize(request.Model), request.Data.Path, request.Seed,
            JsonSerializer.Serialize(request.Settings), request.Device, Convert.ToHexString(order),
            string.Join(',', request.Exports.Select(e => e.Format.WireName())));
    }

}

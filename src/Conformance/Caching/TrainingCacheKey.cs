using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BindingConformance.Oracles;

namespace BindingConformance.Caching;

/// <summary>
/// What a cached training is the answer to, as content: the binding (id, version, the release it is of, the engine it drives
/// and that engine's version, any simulated bug), the code that drives
/// it (<see cref="OracleCodeFingerprint"/>), the version of the harness's dropout draws (<see cref="HarnessRandomness"/>), the model spec, the data's bytes and split, the seed, the settings, the device,
/// the batch order and the formats to save; never where the files go. <see cref="Hash"/> names the entry, and the entry
/// keeps <see cref="Content"/> so a reader can check it is the answer to this very request.
/// </summary>
public sealed record TrainingCacheKey(JsonObject Content, string Hash)
{
    /// <summary>Raised when an entry's layout or meaning changes, so older entries are ignored, never misread.</summary>
    public const int Format = 3;

    /// <summary>The key of <paramref name="request"/> trained by the binding <paramref name="availability"/> describes, as its probe found it.</summary>
    public static TrainingCacheKey For(BindingAvailability availability, TrainRequest request)
    {
        var binding = availability.Binding;
        var order = SHA256.HashData(request.BatchOrder.Epochs.SelectMany(e => e).SelectMany(BitConverter.GetBytes).ToArray());
        var content = new JsonObject
        {
            ["format"] = Format,
            ["binding"] = binding.Id,
            ["framework"] = binding.Framework,
            ["binding_version"] = availability.Version,
            // Two releases of one binding, or one binding over two engine versions, never share an entry.
            ["release"] = binding.Release is { } release ? new JsonObject { ["binding"] = release.Binding, ["version"] = release.Version } : null,
            ["engine"] = availability.Engine is { } engine ? new JsonObject { ["name"] = engine.Name, ["version"] = engine.Version } : null,
            ["variant"] = binding.Variant?.Name,
            ["oracle_code"] = OracleCodeFingerprint.Value,
            // The dropout masks a binding draws in training: a worker built outside this repository (its code not in
            // oracle_code) that changes generator is still told apart.
            ["harness_randomness"] = HarnessRandomness.Version,
            ["model"] = JsonSerializer.SerializeToNode(request.Model),
            ["data"] = new JsonObject
            {
                ["name"] = request.Data.Name,
                ["sha256"] = DatasetFingerprint.Of(request.Data.Path),
                ["train_count"] = request.Data.TrainCount,
                ["test_count"] = request.Data.TestCount,
            },
            ["seed"] = request.Seed,
            ["settings"] = JsonSerializer.SerializeToNode(request.Settings),
            ["device"] = request.Device,
            ["batch_order_sha256"] = Convert.ToHexStringLower(order),
            ["exports"] = new JsonArray(request.Exports.Select(e => (JsonNode)e.Format.WireName()).ToArray()),
        };
        return new TrainingCacheKey(content, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content.ToJsonString()))));
    }
}

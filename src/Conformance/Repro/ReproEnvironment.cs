using System.Text.Json.Nodes;
using BindingConformance.Oracles;
using BindingConformance.Runs;

namespace BindingConformance.Repro;

/// <summary>Both environments of a reproduction: the machine (as a run report records it, plus threads) and each binding's probed build.</summary>
public static class ReproEnvironment
{
    public static JsonObject Describe(OracleRegistry registry, IEnumerable<string> bindingIds)
    {
        var machine = RunEnvironment.Describe();
        machine["processors"] = Environment.ProcessorCount;
        machine["threads"] = Environment.GetEnvironmentVariable(ThreadSettings.Variable) is { Length: > 0 } threads ? threads : "binding default";
        return new JsonObject
        {
            ["machine"] = machine,
            ["bindings"] = new JsonObject(bindingIds.Distinct().Select(id =>
            {
                var o = registry.Get(id);
                var availability = registry.Availability(id);
                return KeyValuePair.Create(o.Binding.Id, (JsonNode?)new JsonObject
                {
                    ["framework"] = o.Binding.Framework,
                    ["language"] = o.Binding.Language,
                    // The engine beside the binding's version: two bindings of one engine version differ only by the binding.
                    ["version"] = availability.Version ?? $"unavailable: {availability.Reason}",
                    ["engine"] = availability.Engine?.Name,
                    ["engine_version"] = availability.Engine?.Version,
                    ["devices"] = new JsonArray(availability.Devices.Select(d => (JsonNode)d).ToArray()),
                });
            })),
        };
    }
}

using System.Text.Json.Serialization;

namespace BindingConformance.Snapshots;

/// <summary>Where a record was measured. Times are only comparable between records with the same CPU and device.</summary>
public sealed record EnvironmentFingerprint(
    [property: JsonPropertyName("binding_versions")] IReadOnlyDictionary<string, string> BindingVersions,
    [property: JsonPropertyName("device")] string Device,
    [property: JsonPropertyName("os")] string Os,
    [property: JsonPropertyName("cpu")] string Cpu)
{
    /// <summary>The running cell's environment: its binding's and reference's probed versions, this OS and CPU.</summary>
    public static EnvironmentFingerprint Of(ConformanceCell cell) => new(
        new SortedDictionary<string, string>(
            new[] { cell.Binding, cell.Reference }.Distinct().ToDictionary(id => id, id => cell.Registry.Availability(id).Version ?? "unavailable")),
        cell.Device,
        Machine.Os,
        Machine.Cpu);
}

using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using BindingConformance.Cli.Diagnostics;
using BindingConformance.Oracles;

namespace BindingConformance.Cli.Commands;

/// <summary><c>conformance doctor</c>: probes every binding of the design for real.</summary>
public sealed class DoctorCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    // Reasons quote file names and messages; keep them readable rather than \u-escaped.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public DoctorCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "doctor";

    public string Usage => $"doctor [--json] {BindingOptions.Usage}";

    public string Summary => "probe every binding: availability, version, devices, and how to fix what is missing";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var json = args.Flag("json");
        var bindings = args.List("bindings");
        var manifests = BindingOptions.Manifests(args);
        args.EnsureAllUsed();

        var registry = createRegistry();
        try
        {
            registry = BindingOptions.Apply(registry, manifests, bindings);
            var probes = registry.Oracles.Select(o => registry.Availability(o.Binding.Id)).ToArray();
            var libstdcxx = LibstdcxxDiagnosis.Inspect();
            if (json) WriteJson(stdout, probes, libstdcxx);
            else WriteText(stdout, probes, libstdcxx);
            return 0;
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
        }
    }

    private static void WriteJson(TextWriter stdout, IEnumerable<BindingAvailability> probes, LibstdcxxDiagnosis libstdcxx)
    {
        var report = new DoctorReport(
            probes.Select(p => new DoctorBinding(p.Binding.Id, p.Binding.Framework, p.Binding.Language, p.Available,
                p.Version, p.Engine?.Name, p.Engine?.Version, p.Devices, p.AbsentDevices, p.Reason, p.Fix)).ToArray(),
            new DoctorEnvironment(RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture.ToString(),
                Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, libstdcxx.HasGlibcxx3432, libstdcxx.BridgePatched));
        stdout.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
    }

    private static void WriteText(TextWriter stdout, IReadOnlyList<BindingAvailability> probes, LibstdcxxDiagnosis libstdcxx)
    {
        stdout.WriteLine($"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}");
        stdout.WriteLine(libstdcxx.Describe());
        stdout.WriteLine("trust: TorchScript archives are code and ONNX files are graphs this process executes; load only files you trust (docs/trust-model.md)");
        stdout.WriteLine();
        foreach (var p in probes)
        {
            var head = $"{p.Binding.Id,-18} {p.Binding.Framework,-11} {p.Binding.Language,-11}";
            if (p.Available)
            {
                stdout.WriteLine($"  ok   {head} {p.Version}{(p.Engine is null ? "" : $", engine {p.Engine}")} [{string.Join(", ", p.Devices)}]");
                if (!p.Devices.Contains(Device.Cuda)) stdout.WriteLine($"       {"",-42} cuda: not available: {p.WhyDeviceAbsent(Device.Cuda)}");
            }
            else
            {
                stdout.WriteLine($"  --   {head} unavailable: {p.Reason}");
                if (p.Fix is not null) stdout.WriteLine($"       {"",-42} fix: {p.Fix}");
            }
        }
        stdout.WriteLine();
        stdout.WriteLine($"{probes.Count(p => p.Available)} of {probes.Count} bindings available");
    }

    private sealed record DoctorReport(
        [property: JsonPropertyName("bindings")] IReadOnlyList<DoctorBinding> Bindings,
        [property: JsonPropertyName("environment")] DoctorEnvironment Environment);

    private sealed record DoctorBinding(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("framework")] string Framework,
        [property: JsonPropertyName("language")] string Language,
        [property: JsonPropertyName("available")] bool Available,
        [property: JsonPropertyName("version")] string? Version,
        [property: JsonPropertyName("engine")] string? Engine,
        [property: JsonPropertyName("engine_version")] string? EngineVersion,
        [property: JsonPropertyName("devices")] IReadOnlyList<string> Devices,
        [property: JsonPropertyName("absent_devices")] IReadOnlyDictionary<string, string> AbsentDevices,
        [property: JsonPropertyName("reason")] string? Reason,
        [property: JsonPropertyName("fix")] string? Fix);

    private sealed record DoctorEnvironment(
        [property: JsonPropertyName("os")] string Os,
        [property: JsonPropertyName("architecture")] string Architecture,
        [property: JsonPropertyName("cores")] int Cores,
        [property: JsonPropertyName("dotnet")] string DotNet,
        [property: JsonPropertyName("libstdcxx_has_glibcxx_3_4_32")] bool LibstdcxxHasGlibcxx3432,
        [property: JsonPropertyName("torchsharp_bridge_patched")] bool TorchSharpBridgePatched);

}

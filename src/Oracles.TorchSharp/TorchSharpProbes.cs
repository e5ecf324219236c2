using System.Diagnostics;
using System.Runtime.InteropServices;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BindingConformance.Oracles.TorchSharp;

/// <summary>
/// Runs a hazard probe in one of TorchSharp's execution modes: <see cref="ExecutionMode.Eager"/> (the probe in C#, a
/// control from its initial weights), <see cref="ExecutionMode.Traced"/> and <see cref="ExecutionMode.Scripted"/> (the
/// reference's archives loaded with <c>torch.jit.load</c>) and <see cref="ExecutionMode.Compiled"/> (the probe's section of
/// <c>hazard_probes.torchscript</c> compiled with <c>torch.jit.compile</c>).
/// </summary>
internal static class TorchSharpProbes
{
    public static IReadOnlyList<string> Modes { get; } = [ExecutionMode.Eager, ExecutionMode.Traced, ExecutionMode.Scripted, ExecutionMode.Compiled];

    private const string SourceFile = "TorchSharp/hazard_probes.torchscript";
    private const string SectionMarker = "# probe: ";
    private const string IncompatibleMarker = "# incompatible: ";

    public static ProbeRunResult Run(ProbeRunRequest request, torch.Device device, CancellationToken cancellationToken)
    {
        var probe = request.Probe;
        if (!probe.IsControl && !HazardProbes.Hazards.Contains(probe.Name))
            throw new OracleException($"unknown hazard probe '{probe.Name}' (known: {string.Join(", ", HazardProbes.Names)})");
        var program = request.Mode switch
        {
            ExecutionMode.Eager => probe.Control is { } spec ? Control(spec, request.ArtifactDirectory, device) : new Prepared(EagerHazardProbes.Create(probe.Name, device), null),
            ExecutionMode.Traced or ExecutionMode.Scripted => Archive(probe.Name, request.Mode, request.ArtifactDirectory, device),
            ExecutionMode.Compiled => Compiled(probe),
            _ => throw new UnreachableException($"mode '{request.Mode}' is not in Modes; TorchSharpOracle refuses it first (OracleCapabilities.WhyCannotRunProbe)"),
        };
        if (program.Incompatible is { } why) return ProbeRunResult.CannotCapture(why);
        var run = program.Program!;
        try
        {
            return RunCases(request, run, device, cancellationToken);
        }
        finally
        {
            run.Owner?.Dispose();
        }
    }

    private static ProbeRunResult RunCases(ProbeRunRequest request, ProbeProgram program, torch.Device device, CancellationToken cancellationToken)
    {
        using var noGrad = torch.no_grad();
        var outputs = new List<NamedTensor>();
        var diagnostics = new List<string>();
        var callsBefore = program.Calls?.Invoke() ?? 0;
        var changed = 0;
        foreach (var input in request.Probe.Cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var x = TorchTensors.FromNamed(input).to(device);
            try
            {
                outputs.Add(TorchTensors.ToNamed(input.Name, program.Forward(x).to(ScalarType.Float32)));
            }
            catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
            {
                diagnostics.Add($"case {input.Name}: {OneLine.Of(e.Message)}");
            }
            if (!TorchTensors.ToNamed(input.Name, x).Data.AsSpan().SequenceEqual(input.Data)) changed++;
        }
        long? sideEffects = request.Probe.Name switch
        {
            HazardProbes.SideEffectCounter => program.Calls is { } calls ? calls() - callsBefore : null,
            HazardProbes.InPlaceInput => changed,
            _ => null,
        };
        var first = request.Probe.Cases[0];
        // A first case that raised is already a diagnostic; there is nothing to time.
        var seconds = outputs.Any(o => o.Name == first.Name) ? Time(program, first, request.TimedPasses, device, cancellationToken) : [];
        var result = new ProbeRunResult(null, outputs, diagnostics, sideEffects, seconds);
        return request.TrainingPasses > 0 ? Trained(result, request, program, device, cancellationToken) : result;
    }

    /// <summary>
    /// Seconds and loss of each timed SGD step on the first case after one warm-up step: forward, cross-entropy against
    /// the labels <c>i mod classes</c>, backward, a step of the spec's optimizer. A loaded trace or script trains through
    /// its parameters as the eager module does.
    /// </summary>
    private static ProbeRunResult Trained(ProbeRunResult result, ProbeRunRequest request, ProbeProgram program, torch.Device device, CancellationToken cancellationToken)
    {
        if (request.Probe.Control is not { } spec) return result with { Untrainable = "a hazard probe has no parameters or labels; training is timed on the controls" };
        if (program.Owner is not nn.Module module) return result with { Untrainable = $"{request.Mode} mode runs no module whose parameters can be trained" };
        var first = request.Probe.Cases[0];
        using var grad = torch.enable_grad(); // the cases ran under no_grad
        using var scope = torch.NewDisposeScope();
        var x = TorchTensors.FromNamed(first).to(device);
        var labels = torch.tensor(Enumerable.Range(0, (int)first.Shape[0]).Select(i => (long)(i % spec.Classes)).ToArray()).to(device);
        module.train();
        using var optimizer = TorchSharpOracle.Optimizer(spec.Optimizer, module);
        var (seconds, losses) = (new List<double>(), new List<double>());
        try
        {
            for (var step = -1; step < request.TrainingPasses; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var stepScope = torch.NewDisposeScope();
                Synchronize(device);
                var clock = Stopwatch.StartNew();
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(program.Forward(x), labels);
                loss.backward();
                optimizer.step();
                Synchronize(device);
                if (step < 0) continue;
                seconds.Add(clock.Elapsed.TotalSeconds);
                losses.Add(loss.item<float>());
            }
        }
        catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
        {
            return result with { Untrainable = $"a training step failed: {OneLine.Of(e.Message)}" };
        }
        return result with { TrainingPassSeconds = seconds, TrainingLosses = losses };
    }

    /// <summary>Seconds of each timed run of the first case after one warm-up; a fresh input each run (in-place probes).</summary>
    private static List<double> Time(ProbeProgram program, NamedTensor first, int passes, torch.Device device, CancellationToken cancellationToken)
    {
        var seconds = new List<double>();
        for (var pass = -1; pass < passes; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var x = TorchTensors.FromNamed(first).to(device);
            Synchronize(device);
            var clock = Stopwatch.StartNew();
            program.Forward(x);
            Synchronize(device);
            if (pass >= 0) seconds.Add(clock.Elapsed.TotalSeconds);
        }
        return seconds;
    }

    private static Prepared Control(ModelSpec spec, string artifacts, torch.Device device)
    {
        var path = Path.Combine(artifacts, $"{spec.Name}.safetensors");
        if (!File.Exists(path))
            throw new OracleException($"no initial weights of control {spec.Name}: {path} does not exist (the reference's eager mode writes it)");
        var module = TorchSharpOracle.LoadSpecModule(spec, ModelFormat.Safetensors, path, device);
        module.eval();
        return new(new ProbeProgram(module.forward, module, null), null);
    }

    private static Prepared Archive(string probe, string mode, string artifacts, torch.Device device)
    {
        var path = Path.Combine(artifacts, $"{probe}.{mode}.pt");
        if (!File.Exists(path)) return new(null, $"no {mode} archive of {probe}: {path} does not exist (the reference's {mode} mode writes it)");
        try
        {
            var module = torch.jit.load<Tensor, Tensor>(path, device.type, device.index);
            module.eval();
            return new(new ProbeProgram(module.forward, module, null), null);
        }
        catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
        {
            return new(null, $"{TorchSharpOracle.BindingId} cannot load {path}: {OneLine.Of(e.Message)}");
        }
    }

    private static Prepared Compiled(HazardProbe probe)
    {
        if (probe.IsControl) return new(null, $"{SourceFile} holds no TorchScript source of control {probe.Name} (only the hazard probes)");
        var source = Section(probe.Name);
        // TorchSharp's compile does not catch libtorch's ErrorReport: source TorchScript rejects must never reach it.
        if (source.FirstOrDefault(line => line.StartsWith(IncompatibleMarker, StringComparison.Ordinal)) is { } rejected)
            return new(null, $"TorchScript rejects the source of {probe.Name}: {rejected[IncompatibleMarker.Length..]}");
        torch.jit.CompilationUnit unit;
        try
        {
            unit = torch.jit.compile(string.Join('\n', source) + '\n');
        }
        catch (Exception e) when (e is ExternalException or ArgumentException or InvalidOperationException)
        {
            return new(null, $"TorchScript rejects the source of {probe.Name}: {OneLine.Of(e.Message)}");
        }
        var function = probe.Name.Replace('-', '_');
        Func<Tensor, Tensor> forward = probe.Name switch
        {
            // The state the Python module holds when the cases run: evaluation mode, scale 3.
            HazardProbes.TrainEvalBatchNorm => x => unit.invoke<Tensor>(function, x, false),
            HazardProbes.CapturedScalar => x => unit.invoke<Tensor>(function, x, 3.0),
            _ => x => unit.invoke<Tensor>(function, x),
        };
        return new(new ProbeProgram(forward, unit, null), null);
    }

    /// <summary>The lines of the <c># probe: {name}</c> section of the TorchScript source file.</summary>
    private static string[] Section(string probe)
    {
        var path = ProductPaths.WorkerScript(SourceFile);
        var lines = File.ReadAllLines(path);
        var start = Array.IndexOf(lines, SectionMarker + probe);
        if (start < 0) throw new OracleException($"{path} has no section '{SectionMarker}{probe}'");
        var end = Array.FindIndex(lines, start + 1, line => line.StartsWith(SectionMarker, StringComparison.Ordinal));
        return lines[(start + 1)..(end < 0 ? lines.Length : end)];
    }

    private static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
    }

    /// <summary>A program to run, or why the mode cannot run the probe.</summary>
    private sealed record Prepared(ProbeProgram? Program, string? Incompatible);
}

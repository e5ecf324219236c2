using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Sensitivity;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance sensitivity</c>: how many simulated bugs of one binding a conformance run catches, and how often a
/// clean run fails anyway. Exit code 0 once measured (a missed mutant is a finding, not an error), 130 when interrupted
/// (with the finished runs kept).
/// </summary>
public sealed class SensitivityCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public const string TableFileName = "sensitivity.txt";

    public SensitivityCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "sensitivity";

    public string Usage =>
        "sensitivity [--binding torchsharp] [--reference ID] [--models LeNet1] [--seeds 5] [--first-seed 1] [--clean-runs 10] " +
        "[--mutants a,b] [--out DIR] [--force] [--tier smoke]";

    public string Summary => "run the matrix once per simulated bug of a binding and N times clean; print detection and false-alarm rates";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var bindingId = args.Option("binding") ?? "torchsharp";
        var referenceId = args.Option("reference");
        var models = args.List("models") ?? [ModelZoo.LeNet1];
        var seeds = RunCommand.Seeds(args, 5);
        var cleanRuns = args.Int("clean-runs", 10);
        var mutantNames = args.List("mutants");
        var output = Path.GetFullPath(args.OutputFolder("out") ?? Path.Combine("artifacts", "sensitivity"));
        var tier = RunCommand.Tier(args.Option("tier"));
        var force = args.Flag("force");
        args.EnsureAllUsed();

        if (cleanRuns < 0) throw new UsageException($"--clean-runs must be at least 0 (got {cleanRuns})");
        var mutants = Mutants(mutantNames);
        RunCommand.Models(models);

        using var outputLock = OutputFolderLock.Acquire(output);
        RunCommand.KeepEarlier(output, SensitivityJsonExporter.FileName, force);
        var registry = createRegistry();
        try
        {
            // A released version (mybinding@2.1.0) is added on request, as run adds it: a training bundle's reproduce names it.
            var named = registry;
            registry = named.WithReleases(referenceId is null ? [bindingId] : [bindingId, referenceId]);
            var matrix = Matrix(registry, bindingId, referenceId);
            if (registry.Availability(bindingId).WhyNot(Device.Cpu) is { } absent)
                throw new UsageException($"cannot measure the sensitivity of {bindingId}: {absent}");
            // Without its reference every comparison cell is skipped, and "0 of N detected" would read as a measurement.
            var reference = matrix.FirstOrDefault(o => o.Binding.Id != bindingId && (referenceId is null
                ? o.Binding.IsDefault && o.Binding.Framework == registry.Get(bindingId).Binding.Framework
                : o.Binding.Id == referenceId));
            if (reference is null)
                throw new UsageException($"cannot measure the sensitivity of {bindingId}: no reference binding to compare it with (give --reference ID)");
            if (registry.Availability(reference.Binding.Id).WhyNot(Device.Cpu) is { } referenceAbsent)
                throw new UsageException($"cannot measure the sensitivity of {bindingId} against {reference.Binding.Id}: {referenceAbsent}");

            var progress = new ConsoleProgress(stderr);
            progress.Report($"{tier.Describe(models, seeds, matrix)}; matrix {string.Join(", ", matrix.Select(o => o.Binding.Id))} on cpu; " +
                            $"{mutants.Count} mutant run(s) of {bindingId}, {cleanRuns} clean run(s); writing {output}");
            progress.Report($"mutant runs memoise the training of {string.Join(", ", matrix.Where(o => o.Binding.Id != bindingId).Select(o => o.Binding.Id))}; clean runs train everything fresh");

            var study = new SensitivityStudy(matrix, bindingId, tier, models, seeds, [Device.Cpu], progress);
            var report = await study.RunAsync(mutants, cleanRuns, output, cancellationToken, soFar => Write(soFar, output));

            stdout.Write(SensitivityTable.Format(report));
            stdout.WriteLine($"written: {Path.Combine(output, SensitivityJsonExporter.FileName)} and {TableFileName}; each run's report is in {Path.Combine(output, "runs")}");
            return 0;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Say what was kept, then let the dispatcher exit.
            var json = Path.Combine(output, SensitivityJsonExporter.FileName);
            stderr.WriteLine(File.Exists(json) ? $"the runs that finished are in {json} and {TableFileName}" : "no run finished: nothing measured");
            throw;
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
        }
    }

    /// <summary>The table and the JSON, rewritten after every run so that an interrupted study keeps what it measured.</summary>
    private static void Write(SensitivityReport report, string output)
    {
        AtomicFile.WriteAllText(Path.Combine(output, TableFileName), SensitivityTable.Format(report));
        SensitivityJsonExporter.Write(report, output);
    }

    private static IReadOnlyList<Mutant> Mutants(IReadOnlyList<string>? names)
    {
        if (names is null) return MutantCatalog.All;
        try
        {
            return names.Distinct().Select(MutantCatalog.Get).ToArray();
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>
    /// The mutated binding, its reference (by default its framework's default binding) and ONNX Runtime, which
    /// cross-loads the reference's ONNX export, in registry order.
    /// </summary>
    private static IReadOnlyList<IBindingOracle> Matrix(OracleRegistry registry, string bindingId, string? referenceId)
    {
        var binding = registry.Get(bindingId).Binding;
        var reference = referenceId is null
            ? registry.Oracles.FirstOrDefault(o => o.Binding.IsDefault && o.Binding.Framework == binding.Framework)?.Binding.Id
            : registry.Get(referenceId).Binding.Id;
        var onnx = registry.Oracles.FirstOrDefault(o => o.Binding.Framework == "onnx")?.Binding.Id;
        string?[] ids = [bindingId, reference, onnx];
        return registry.Oracles.Where(o => ids.Contains(o.Binding.Id)).ToArray();
    }
}

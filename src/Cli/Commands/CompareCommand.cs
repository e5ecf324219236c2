using BindingConformance.Cells;
using BindingConformance.IO;
using BindingConformance.Kinds.Hybridization;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Repro;
using BindingConformance.Runs;
using BindingConformance.Snapshots;
using BindingConformance.Verdicts;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance compare</c>: one model file run on one batch by two bindings (or by one against recorded
/// activations), judged by the logit rule of every evaluation cell, with the per-layer table and the first diverging
/// layer (the second binding optionally on an alternate backend); or, with <c>--probe</c>, one execution-mode cell judged
/// again. Exit 0 when the outputs agree, 1 when they do not, 2 on bad usage or input. What every repro bundle's
/// <c>reproduce.sh</c> runs (docs/repro.md).
/// </summary>
public sealed class CompareCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public CompareCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "compare";

    public string Usage =>
        "compare --model LeNet1 --format safetensors --file PATH (--bindings REFERENCE,TARGET | --bindings TARGET --expected ACTIVATIONS.safetensors) " +
        "[--inputs BATCH.safetensors] [--backend NAME] [--mutant NAME] [--device cpu]\n" +
        "  compare --probe NAME --mode MODE --bindings [CAPTURER,]TARGET [--approved DIR] [--mutant NAME] [--device cpu]";

    public string Summary => "run one model file in two bindings on one batch: verdict, per-layer table and first diverging layer (exit 1 when they differ)";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (args.Option("probe") is { } probe) return await CompareProbeAsync(probe, args, stdout, cancellationToken);
        var model = args.Required("model");
        var formatName = args.Required("format");
        var file = Path.GetFullPath(args.Required("file"));
        var bindings = args.List("bindings") ?? throw new UsageException("missing required option --bindings");
        var expectedFile = args.Option("expected");
        var inputs = args.Option("inputs");
        var mutantName = args.Option("mutant");
        var device = args.Option("device") ?? Device.Cpu;
        var backend = args.Option("backend");
        args.EnsureAllUsed();

        if (!ModelZoo.Names.Contains(model)) throw new UsageException($"unknown model '{model}'; known: {string.Join(", ", ModelZoo.Names)}");
        var spec = ModelZoo.Get(model);
        var format = Parse(() => ModelFormatNames.FromWireName(formatName));
        var mutant = mutantName is null ? null : Parse(() => MutantCatalog.Get(mutantName));
        if (!Device.All.Contains(device)) throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");
        if (bindings.Count != (expectedFile is null ? 2 : 1))
            throw new UsageException("--bindings names two bindings (reference, then the binding under test), or one with --expected");
        if (mutant is { ChangesForwardPass: false })
            throw new UsageException($"mutant {mutant.Name} does not change a forward pass ({mutant.Bug}): compare cannot show it; see docs/sensitivity.md for the cells that do");
        ModelFile(file);
        var batch = Parse(() => inputs is null ? InputBatch.FromTestSplit(DatasetCatalog.Default.Get(spec.Dataset).Path) : InputBatch.Read(Existing(inputs)));
        if (batch.WhyNotFor(spec) is { } badBatch) throw new UsageException($"{inputs ?? "the test split"}: {badBatch}");
        var expectedLayers = expectedFile is null ? null : Parse(() => SafetensorsReader.Read(Existing(expectedFile)).Tensors);

        // A released version (mybinding@2.1.0) is added on request, as run adds it: its repro bundles compare it.
        var registry = createRegistry();
        try
        {
            var named = registry;
            registry = Parse(() => named.WithReleases(bindings));
            var oracles = bindings.Select(id => registry.Get(id)).ToArray();
            foreach (var oracle in oracles)
            {
                if (registry.Availability(oracle.Binding.Id).WhyNot(device) is { } absent)
                    throw new UsageException($"cannot compare in {oracle.Binding.Id}: {absent}");
                if (oracle.Capabilities.WhyCannotReportActivations(oracle.Binding.Id, Request(spec, format, file, batch, device, oracle == oracles[^1] ? backend : null)) is { } why)
                    throw new UsageException(why);
            }
            if (expectedLayers is not null && new ActivationsResult(expectedLayers).WhyNotAnswerTo(Request(spec, format, file, batch, device, null)) is { } wrong)
                throw new UsageException($"{expectedFile}: {wrong}");
            var c = new ReproCase("compare", model, format, file, device, expectedFile is null ? bindings[0] : $"recorded {Path.GetFileName(expectedFile)}",
                bindings[^1], mutant?.Name, backend);
            var scratch = Path.Combine(Path.GetTempPath(), $"conformance-compare-{Environment.ProcessId}-{Guid.NewGuid():N}");
            await using var target = mutant is null ? null : MutantOracle.Around(oracles[^1], mutant, scratch);

            ForwardComparison comparison;
            try
            {
                var expected = expectedLayers ?? await ReferenceActivationsAsync(oracles[0], spec, format, file, batch, device, cancellationToken);
                var actual = await ForwardComparison.ActivationsAsync((IBindingOracle?)target ?? oracles[^1], spec, format, file, batch, device, backend, cancellationToken);
                comparison = ForwardComparison.Judge(expected, expectedFile is null ? ReproBundleWriter.Origin(c) : $"the activations recorded in {expectedFile}",
                    actual, batch, spec.Classes, VerdictRules.Default);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException or UsageException)
            {
                throw new UsageException(e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The binding under test failing on a file its reference runs is the failure being reproduced (e.g. a load error), not bad usage.
                stdout.WriteLine($"FAIL {c.Title}: {e.Message}");
                return 1;
            }
            stdout.WriteLine(comparison.Line(c));
            stdout.WriteLine(comparison.Table.Summary);
            stdout.Write(comparison.Table.Format());
            return comparison.Passed ? 0 : 1;
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
        }
    }

    /// <summary>
    /// An execution-mode cell again: the probe in <c>--mode</c> of the one binding named against its eager run and the
    /// approved behaviour, or of the second binding against the first's (the capturer's) matching mode, judged by
    /// the executor of the cell's kind (<see cref="HazardKind"/>, <see cref="ProbeConformanceKind"/>), the rules of the run's cells.
    /// </summary>
    private async Task<int> CompareProbeAsync(string probeName, CommandArgs args, TextWriter stdout, CancellationToken cancellationToken)
    {
        var mode = args.Required("mode");
        var bindings = args.List("bindings") ?? throw new UsageException("missing required option --bindings");
        var approvedShown = args.Option("approved");
        var mutantName = args.Option("mutant");
        var device = args.Option("device") ?? Device.Cpu;
        args.EnsureAllUsed();

        if (!HazardProbes.Names.Contains(probeName)) throw new UsageException($"unknown probe '{probeName}'; known: {string.Join(", ", HazardProbes.Names)}");
        if (!ExecutionMode.All.Contains(mode)) throw new UsageException($"unknown mode '{mode}'; known: {string.Join(", ", ExecutionMode.All)}");
        var mutant = mutantName is null ? null : Parse(() => MutantCatalog.Get(mutantName));
        if (mutant is { ChangesProbeRuns: false })
            throw new UsageException($"mutant {mutant.Name} does not change a probe's run ({mutant.Bug}): compare --probe cannot show it");
        if (!Device.All.Contains(device)) throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");
        if (bindings.Count is not (1 or 2))
            throw new UsageException("--bindings with --probe names one binding (its mode against its eager run) or two (the capturing binding, then the binding under test)");
        var approved = approvedShown is null ? SnapshotStore.Default.Directory : Path.GetFullPath(approvedShown);
        if (approvedShown is not null && !Directory.Exists(approved)) throw new UsageException($"no approved folder at {approved}");

        // A released version (mybinding@2.1.0) is added on request, as run adds it: its repro bundles compare it.
        var registry = createRegistry();
        var work = Path.Combine(Path.GetTempPath(), $"conformance-compare-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            var named = registry;
            registry = Parse(() => named.WithReleases(bindings));
            var oracles = bindings.Select(id => registry.Get(id)).ToArray();
            await using var mutated = mutant is null ? null : MutantOracle.Around(oracles[^1], mutant, Path.Combine(work, "mutant-files"));
            var judged = mutated is null ? registry : new OracleRegistry(registry.Oracles.Select(o => o == oracles[^1] ? mutated : o));
            var plan = new RunPlan("compare", [], [device], work) { Probes = [probeName], ApprovedDirectory = approved, ProbeTimedPasses = 0 };
            var engine = new CellEngine(judged, plan, new Progress<string>());
            var target = judged.Get(bindings[^1]);
            CellKind kind = bindings.Count == 1 ? HazardKind.Instance : ProbeConformanceKind.Instance;
            if (CellReferences.ExpectedRun(kind, judged, target, mode) is not var (reference, _))
                throw new UsageException($"no binding here runs probe {probeName} to compare {bindings[^1]} with");
            if (bindings.Count == 2 && reference.Binding.Id != bindings[0])
                throw new UsageException($"{bindings[^1]} {mode} is compared with the capturing binding {reference.Binding.Id}, not {bindings[0]}");
            var cell = await kind.Executor.RunCellAsync(new CellRequest(new CellKey(kind, probeName, bindings[^1], device) { Mode = mode }), engine, cancellationToken);
            if (cell.Outcome == CellOutcome.Skipped) throw new UsageException($"cannot compare: {cell.Reason}");
            stdout.WriteLine(ProbeComparison.Line(cell, approved, approvedShown ?? approved));
            return cell.Outcome == CellOutcome.Passed ? 0 : 1;
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// The reference's activations. A file the reference itself cannot run (corrupt, truncated, foreign) is bad input, exit
    /// 2: only the binding under test failing on a file its reference runs is a finding.
    /// </summary>
    private static async Task<IReadOnlyList<NamedTensor>> ReferenceActivationsAsync(IBindingOracle reference, ModelSpec spec, ModelFormat format,
        string file, InputBatch batch, string device, CancellationToken cancellationToken)
    {
        try
        {
            return await ForwardComparison.ActivationsAsync(reference, spec, format, file, batch, device, null, cancellationToken);
        }
        catch (Exception e) when (e is OracleException or InvalidDataException or IOException)
        {
            throw new UsageException($"the reference {reference.Binding.Id} cannot run {file} as {spec.Name} ({format.WireName()}): {e.Message}");
        }
    }

    /// <summary>A model file is a regular file, or a folder (TensorFlow.js layers); a FIFO or device would block or never end.</summary>
    private static void ModelFile(string path)
    {
        var kind = FileKinds.Of(path);
        if (kind == FileKind.SymbolicLink) kind = File.ResolveLinkTarget(path, returnFinalTarget: true) is { } target ? FileKinds.Of(target.FullName) : FileKind.Missing;
        if (kind == FileKind.Missing) throw new UsageException($"no model file at {path}");
        if (kind is not (FileKind.Regular or FileKind.Directory))
            throw new UsageException($"{path} is {FileKinds.Describe(kind)}, not a model file (a regular file, or a folder of one)");
    }

    private static ActivationsRequest Request(ModelSpec spec, ModelFormat format, string file, InputBatch batch, string device, string? backend) =>
        new(spec, format, file, batch.Inputs, device, backend);

    private static string Existing(string path) =>
        FileKinds.WhyNotInputFile(Path.GetFullPath(path)) is { } why ? throw new UsageException(why) : Path.GetFullPath(path);

    /// <summary>Bad names and unreadable files are usage errors: one line, exit 2.</summary>
    private static T Parse<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or WeightFileFormatException or KeyNotFoundException or IOException
                                      or DatasetSourceMissingException)
        {
            throw new UsageException(e.Message);
        }
    }
}

using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Repro;
using BindingConformance.Verdicts;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance compare</c>: one model file run on one batch by two bindings (or by one against recorded
/// activations), judged by the logit rule of every evaluation cell, with the per-layer table and the first diverging
/// layer. Exit 0 when the outputs agree, 1 when they do not, 2 on bad usage or input. What every repro bundle's
/// <c>reproduce.sh</c> runs (docs/repro.md).
/// </summary>
public sealed class CompareCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public CompareCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "compare";

    public string Usage =>
        "compare --model LeNet1 --format safetensors --file PATH (--bindings REFERENCE,TARGET | --bindings TARGET --expected ACTIVATIONS.safetensors) " +
        "[--inputs BATCH.safetensors] [--mutant NAME] [--device cpu]";

    public string Summary => "run one model file in two bindings on one batch: verdict, per-layer table and first diverging layer (exit 1 when they differ)";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var model = args.Required("model");
        var formatName = args.Required("format");
        var file = Path.GetFullPath(args.Required("file"));
        var bindings = args.List("bindings") ?? throw new UsageException("missing required option --bindings");
        var expectedFile = args.Option("expected");
        var inputs = args.Option("inputs");
        var mutantName = args.Option("mutant");
        var device = args.Option("device") ?? Device.Cpu;
        args.EnsureAllUsed();

        if (!ModelZoo.Names.Contains(model)) throw new UsageException($"unknown model '{model}'; known: {string.Join(", ", ModelZoo.Names)}");
        var spec = ModelZoo.Get(model);
        var format = Parse(() => ModelFormatNames.FromWireName(formatName));
        var mutant = mutantName is null ? null : Parse(() => MutantCatalog.Get(mutantName));
        if (!Device.All.Contains(device)) throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");
        if (bindings.Count != (expectedFile is null ? 2 : 1))
            throw new UsageException("--bindings names two bindings (reference, then the binding under test), or one with --expected");
        if (!File.Exists(file) && !Directory.Exists(file)) throw new UsageException($"no model file at {file}");
        var batch = Parse(() => inputs is null ? InputBatch.FromTestSplit(DatasetCatalog.Default.Get(spec.Dataset).Path) : InputBatch.Read(Existing(inputs)));
        var expectedLayers = expectedFile is null ? null : Parse(() => SafetensorsReader.Read(Existing(expectedFile)).Tensors);

        var registry = createRegistry();
        try
        {
            var oracles = bindings.Select(id => Parse(() => registry.Get(id))).ToArray();
            foreach (var oracle in oracles)
            {
                if (registry.Availability(oracle.Binding.Id).WhyNot(device) is { } absent)
                    throw new UsageException($"cannot compare in {oracle.Binding.Id}: {absent}");
                if (oracle.Capabilities.WhyCannotReportActivations(oracle.Binding.Id, Request(spec, format, file, batch, device)) is { } why)
                    throw new UsageException(why);
            }
            if (expectedLayers is not null && new ActivationsResult(expectedLayers).WhyNotAnswerTo(Request(spec, format, file, batch, device)) is { } wrong)
                throw new UsageException($"{expectedFile}: {wrong}");
            var c = new ReproCase("compare", model, format, file, device, expectedFile is null ? bindings[0] : $"recorded {Path.GetFileName(expectedFile)}",
                bindings[^1], mutant?.Name);
            var scratch = Path.Combine(Path.GetTempPath(), $"conformance-compare-{Environment.ProcessId}");
            await using var target = mutant is null ? null : MutantOracle.Around(oracles[^1], mutant, scratch);

            ForwardComparison comparison;
            try
            {
                var expected = expectedLayers ?? await ForwardComparison.ActivationsAsync(oracles[0], spec, format, file, batch, device, cancellationToken);
                var actual = await ForwardComparison.ActivationsAsync((IBindingOracle?)target ?? oracles[^1], spec, format, file, batch, device, cancellationToken);
                comparison = ForwardComparison.Judge(expected, expectedFile is null ? ReproBundleWriter.Origin(c) : $"the activations recorded in {expectedFile}",
                    actual, batch, spec.Classes, VerdictRules.Default);
            }
            catch (Exception e) when (e is InvalidDataException or ArgumentException or NotSupportedException)
            {
                throw new UsageException(e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A binding that cannot run the file is the failure being reproduced (e.g. a load error), not bad usage.
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

    private static ActivationsRequest Request(ModelSpec spec, ModelFormat format, string file, InputBatch batch, string device) =>
        new(spec, format, file, batch.Inputs, device);

    private static string Existing(string path) =>
        File.Exists(path) ? Path.GetFullPath(path) : throw new UsageException($"no file at {Path.GetFullPath(path)}");

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

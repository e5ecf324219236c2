using BindingConformance.Cells;
using BindingConformance.Fixtures;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance fixtures</c>: checks the committed golden model files in every binding that loads their
/// format (the fixtures suite's verdict; exit 1 when one failed), or with <c>--regenerate</c> rewrites them
/// from the bindings available here.
/// </summary>
public sealed class FixturesCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public FixturesCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "fixtures";

    public string Usage => "fixtures [--in DIR] [--bindings a,b] [--devices cpu,cuda] | fixtures --regenerate [--out DIR] [--bindings a,b] [--models A,B]";

    public string Summary => "check the golden model files (fixtures/models) in every binding that loads them, or --regenerate them";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var regenerate = args.Flag("regenerate");
        var input = args.Option("in");
        var output = args.OutputFolder("out");
        var bindings = List(args.Option("bindings"));
        var models = List(args.Option("models"));
        var devices = List(args.Option("devices"));
        args.EnsureAllUsed();
        if (args.Positional.Count > 0) throw new UsageException($"unexpected argument '{args.Positional[0]}'");
        if (regenerate && (input is not null || devices is not null)) throw new UsageException("--in and --devices check fixtures; --regenerate writes them (on cpu) to --out");
        if (!regenerate && (output is not null || models is not null)) throw new UsageException("--out and --models need --regenerate");
        foreach (var model in (models ?? []).Where(m => !ModelZoo.Names.Contains(m)))
            throw new UsageException($"unknown model '{model}'; known: {string.Join(", ", ModelZoo.Names)}");
        foreach (var device in (devices ?? []).Where(d => !Device.All.Contains(d)))
            throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");

        var registry = createRegistry();
        try
        {
            registry = BindingOptions.Apply(registry, [], bindings);
            return regenerate
                ? await RegenerateAsync(registry, Path.GetFullPath(output ?? FixtureManifest.DefaultDirectory), models ?? FixtureWriter.DefaultModels, stdout, stderr, cancellationToken)
                : await CheckAsync(registry, Path.GetFullPath(input ?? FixtureManifest.DefaultDirectory), devices ?? Device.All, stdout, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Say what was kept, then let the dispatcher exit.
            stderr.WriteLine("cancelled: the fixture manifest was not changed by this command");
            throw;
        }
        finally
        {
            foreach (var oracle in registry.Oracles) await oracle.DisposeAsync();
        }
    }

    private static async Task<int> CheckAsync(OracleRegistry registry, string directory, IReadOnlyList<string> devices, TextWriter stdout, CancellationToken cancellationToken)
    {
        var manifest = FixtureManifest.Read(directory);
        var counts = new Dictionary<CellOutcome, int>();
        foreach (var fixture in manifest.Fixtures)
        foreach (var oracle in registry.Oracles)
        {
            // Only bindings that declare the format load it, as in the fixtures suite; skips are for absent bindings and devices.
            if (oracle.Capabilities.WhyCannotLoad(oracle.Binding.Id, FixtureManifest.ParseFormat(fixture.Format)!.Value) is not null) continue;
            foreach (var device in devices)
            {
                var verdict = await FixtureCheck.RunAsync(registry, directory, fixture, oracle.Binding.Id, device, cancellationToken);
                counts[verdict.Outcome] = counts.GetValueOrDefault(verdict.Outcome) + 1;
                var detail = string.Join(": ", new[] { verdict.Measured(fixture), verdict.Reason }.Where(s => !string.IsNullOrEmpty(s)));
                stdout.WriteLine($"{verdict.Outcome.ToString().ToLowerInvariant(),-8} {fixture.Id} in {oracle.Binding.Id} on {device}: {detail}");
            }
        }
        stdout.WriteLine($"{counts.GetValueOrDefault(CellOutcome.Passed)} passed, {counts.GetValueOrDefault(CellOutcome.Failed)} failed, " +
                         $"{counts.GetValueOrDefault(CellOutcome.Skipped)} skipped; fixtures in {directory}");
        return counts.GetValueOrDefault(CellOutcome.Failed) == 0 ? 0 : 1;
    }

    private static async Task<int> RegenerateAsync(OracleRegistry registry, string directory, IReadOnlyList<string> models,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var result = await new FixtureWriter(registry, new ConsoleProgress(stderr)).WriteAsync(directory, models, cancellationToken);
        foreach (var fixture in result.Written) stdout.WriteLine($"wrote    {fixture.Id}: {fixture.Correct}/{fixture.Count} correct ({fixture.WriterVersion})");
        foreach (var skip in result.Skipped) stdout.WriteLine($"skipped  {skip} (fixtures it wrote before stay)");
        foreach (var failure in result.Failures) stdout.WriteLine($"failed   {failure}");
        var bytes = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        stdout.WriteLine($"{result.Written.Count} fixtures written, {result.Failures.Count} failed; {directory} holds {bytes / 1024.0:F0} KiB");
        return result.Failures.Count == 0 ? 0 : 1;
    }

    private static IReadOnlyList<string>? List(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

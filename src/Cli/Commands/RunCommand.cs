using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Models;
using BindingConformance.Reports;
using BindingConformance.Runs;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance run</c>: the main job. Exit code 0 when no cell failed, 1 otherwise.
/// </summary>
public sealed class RunCommand(Func<OracleRegistry> createRegistry) : ICommand
{
    public RunCommand() : this(() => new DefaultOracleRegistry()) { }

    public string Name => "run";

    public string Usage => "run [--tier smoke|paper] [--out DIR] [--models A,B] [--bindings a,b] [--seeds N] [--devices cpu,cuda] [--cell-timeout SECONDS]";

    public string Summary => "train, time, save and cross-load every available binding × model of a tier; write report.json and report.md";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var tier = (args.Option("tier") ?? "smoke") switch
        {
            "smoke" => ConformanceTier.Smoke,
            "paper" => ConformanceTier.Paper,
            var other => throw new UsageException($"--tier must be smoke or paper (got '{other}')"),
        };
        var output = Path.GetFullPath(args.OutputFolder("out") ?? Path.Combine("artifacts", "conformance"));
        var models = args.List("models") ?? DefaultModels(tier);
        var bindings = args.List("bindings");
        var devices = args.List("devices") ?? Device.All;
        var seedCount = args.Int("seeds", 5);
        // 0 (the default) derives each request's limit from its plan (RequestDeadline).
        var cellTimeout = args.Double("cell-timeout", 0);
        args.EnsureAllUsed();

        if (seedCount < 1) throw new UsageException("--seeds must be at least 1");
        if (cellTimeout < 0 || cellTimeout > RequestDeadline.Longest.TotalSeconds)
            throw new UsageException($"--cell-timeout must be 0 (derive each limit from the plan) or a number of seconds up to {RequestDeadline.Longest.TotalSeconds:0} (got {cellTimeout})");
        foreach (var model in models.Where(m => !ModelZoo.Names.Contains(m)))
            throw new UsageException($"unknown model '{model}'; known: {string.Join(", ", ModelZoo.Names)}");
        foreach (var device in devices.Where(d => !Device.All.Contains(d)))
            throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");

        using var outputLock = OutputFolderLock.Acquire(output);
        var registry = createRegistry();
        try
        {
            if (bindings is not null)
            {
                foreach (var id in bindings) registry.Get(id);
                registry = new OracleRegistry(registry.Oracles.Where(o => bindings.Contains(o.Binding.Id)));
            }

            var progress = new ConsoleProgress(stderr);
            var limits = string.Concat(TierSeedLimits(tier).Select(l => $", {l.Key} at most {l.Value}"));
            progress.Report($"{tier.ToString().ToLowerInvariant()} tier: models {string.Join(", ", models)}; {seedCount} seed(s){limits}; " +
                            $"devices {string.Join(", ", devices)}; writing {output}");
            var plan = new RunPlan(tier.ToString().ToLowerInvariant(),
                models.Select(m => Plan(m, tier, seedCount, progress)).ToArray(), devices, output)
            {
                CellTimeout = cellTimeout > 0 ? TimeSpan.FromSeconds(cellTimeout) : null,
            };
            RunReport report;
            try
            {
                report = await new ConformanceRunner(registry, plan, progress).RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The runner rewrote the report after each finished cell; say what it holds, then let the dispatcher exit.
                WriteSummary(stdout, RunReportReader.Read(Path.Combine(output, "report.json")), output, " (interrupted)");
                throw;
            }
            WriteSummary(stdout, report, output, "");
            return report.Count(CellOutcome.Failed) == 0 ? 0 : 1;
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

    private static void WriteSummary(TextWriter stdout, RunReport report, string output, string note)
    {
        stdout.WriteLine($"{report.Count(CellOutcome.Passed)} passed, {report.Count(CellOutcome.Failed)} failed, {report.Count(CellOutcome.Skipped)} skipped " +
                         $"in {report.ElapsedSeconds:F0} s{note}");
        stdout.WriteLine($"report: {Path.Combine(output, "report.md")} and report.json");
    }

    private static PlannedModel Plan(string name, ConformanceTier tier, int seedCount, IProgress<string> progress)
    {
        var plan = ModelZoo.Plan(name, tier);
        progress.Report($"preparing {plan.Model.Dataset} for {name}");
        var data = DatasetCatalog.Default.Get(plan.Model.Dataset, plan.TrainCount, plan.TestCount);
        // The study's LeNets reach ~0.99; the smoke tier's few epochs must still clearly learn.
        double? minimum = plan.Model.Dataset == DatasetNames.Mnist ? 0.90 : null;
        return new PlannedModel(plan.Model, data, plan.Settings, Enumerable.Range(1, seedCount).ToArray(), minimum, TierSkips(name, tier))
        {
            SeedLimits = TierSeedLimits(tier),
        };
    }

    /// <summary>
    /// The study's 5 seeds make rank tests possible (5 against 5 can reach p = 0.008); TensorFlow.js's pure-JS
    /// LeNet-1 takes about 3 minutes a seed on 2 cores, so the smoke tier trains it once.
    /// </summary>
    private static IReadOnlyDictionary<string, int> TierSeedLimits(ConformanceTier tier) =>
        tier == ConformanceTier.Smoke ? new Dictionary<string, int> { ["tfjs"] = 1 } : new Dictionary<string, int>();

    /// <summary>
    /// Pure-JS TensorFlow.js trains LeNet-5 at about 70 s per 1,000 images per epoch (src/Oracles/Tfjs/README.md),
    /// 14 minutes for the smoke subset: the smoke tier checks it through weights trained elsewhere instead.
    /// </summary>
    private static IReadOnlyDictionary<string, string> TierSkips(string model, ConformanceTier tier) =>
        tier == ConformanceTier.Smoke && model != ModelZoo.LeNet1
            ? new Dictionary<string, string> { ["tfjs"] = $"smoke tier trains only LeNet1 in tfjs: pure-JS training of {model} is too slow for CI (run --tier paper); its weights are still transferred into tfjs" }
            : new Dictionary<string, string>();

    private static IReadOnlyList<string> DefaultModels(ConformanceTier tier) =>
        tier == ConformanceTier.Smoke ? [ModelZoo.LeNet1, ModelZoo.LeNet5] : ModelZoo.Names;
}

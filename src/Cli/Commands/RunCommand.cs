using BindingConformance.Caching;
using BindingConformance.Cells;
using BindingConformance.IO;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Reports;
using BindingConformance.Reports.Html;
using BindingConformance.Runs;
using BindingConformance.Shards;

namespace BindingConformance.Cli.Commands;

/// <summary>
/// <c>conformance run</c>: the main job. Exit code 0 when no cell failed, 1 otherwise.
/// </summary>
/// <param name="cacheRoot">Where trainings are kept between runs unless <c>--cache</c> or <c>--no-cache</c> says otherwise; null keeps none.</param>
public sealed class RunCommand(Func<OracleRegistry> createRegistry, string? cacheRoot) : ICommand
{
    private const string ReportFileName = "report.json";

    public RunCommand() : this(() => new DefaultOracleRegistry(), Path.Combine(ProductPaths.Cache, "trainings")) { }

    /// <summary>A run of <paramref name="createRegistry"/>'s bindings that keeps no trainings unless <c>--cache DIR</c> names a folder.</summary>
    public RunCommand(Func<OracleRegistry> createRegistry) : this(createRegistry, null) { }

    public string Name => "run";

    public string Usage => $"run [--tier smoke|paper] [--out DIR] [--force] [--models A,B] {BindingOptions.Usage} [--seeds N] [--first-seed N] [--devices cpu,cuda] [--cell-timeout SECONDS] [--shard i/n] [--no-cache | --cache DIR]";

    public string Summary => "train, time, save and cross-load every available binding × model of a tier; write report.json, report.md and report.html";

    public async Task<int> RunAsync(CommandArgs args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var tier = Tier(args.Option("tier"));
        var output = Path.GetFullPath(args.OutputFolder("out") ?? Path.Combine("artifacts", "conformance"));
        var models = args.List("models") ?? tier.DefaultModels;
        var bindings = args.List("bindings");
        var manifests = BindingOptions.Manifests(args);
        var devices = args.List("devices") ?? Device.All;
        var seeds = Seeds(args, 5);
        // 0 (the default) derives each request's limit from its plan (RequestDeadline).
        var cellTimeout = args.Double("cell-timeout", 0);
        var force = args.Flag("force");
        var shardText = args.Option("shard");
        var noCache = args.Flag("no-cache");
        var cacheFolder = args.OutputFolder("cache");
        args.EnsureAllUsed();
        if (noCache && cacheFolder is not null) throw new UsageException("--no-cache and --cache exclude each other");

        if (cellTimeout < 0 || cellTimeout > RequestDeadline.Longest.TotalSeconds)
            throw new UsageException($"--cell-timeout must be 0 (derive each limit from the plan) or a number of seconds up to {RequestDeadline.Longest.TotalSeconds:0} (got {cellTimeout})");
        Models(models);
        foreach (var device in devices.Where(d => !Device.All.Contains(d)))
            throw new UsageException($"unknown device '{device}'; known: {string.Join(", ", Device.All)}");
        var shard = shardText is null ? null : Shard(shardText, models);

        using var outputLock = OutputFolderLock.Acquire(output);
        KeepEarlier(output, ReportFileName, force);
        var registry = createRegistry();
        try
        {
            registry = BindingOptions.Apply(registry, manifests, bindings);

            var progress = new ConsoleProgress(stderr);
            var planned = shard?.Models ?? models;
            progress.Report($"{tier.Describe(planned, seeds, registry.Oracles)}; devices {string.Join(", ", devices)}; writing {output}" +
                            (shard is null ? "" : $"; shard {shard.Text}: models {List(shard.Models)}, probes {List(shard.Probes)}"));
            var cache = noCache || (cacheFolder ?? cacheRoot) is not { } kept ? null : new TrainingCache(kept, progress);
            progress.Report(cache is null ? "no run cache: everything trains" : $"run cache: {cache.Directory} (--no-cache trains everything)");
            var plan = tier.Plan(planned, seeds, devices, output, registry.Oracles, progress) with
            {
                CellTimeout = cellTimeout > 0 ? TimeSpan.FromSeconds(cellTimeout) : null,
                Cache = cache,
            };
            if (shard is not null) plan = plan with { Probes = shard.Probes, Shard = shard };
            RunReport report;
            try
            {
                report = await new ConformanceRunner(registry, plan, progress).RunAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The runner rewrote the report after each finished cell; bring the HTML report up to it, say what it holds, then let the dispatcher exit.
                var recorded = RunReportReader.Read(Path.Combine(output, ReportFileName));
                var html = new HtmlReportExporter();
                AtomicFile.WriteAllText(Path.Combine(output, html.FileName), html.Export(recorded));
                WriteSummary(stdout, recorded, output, " (interrupted)");
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
        stdout.WriteLine($"report: {Path.Combine(output, "report.md")}, report.json and report.html");
        if (report.Time is { } time)
            stdout.WriteLine($"time: the bindings' own compute {time.BindingSeconds:F0} s, the harness {time.HarnessSeconds:F0} s ({100 * time.HarnessShare:F0} % of the wall time)");
        var cached = report.Cells.Count(c => c.FromCache);
        if (cached > 0) stdout.WriteLine($"{cached} cells from the run cache (--no-cache trains everything)");
    }

    /// <summary><c>--shard i/n</c> of the plan of <paramref name="models"/> and every hazard probe.</summary>
    private static RunShard Shard(string text, IReadOnlyList<string> models)
    {
        try
        {
            return RunShard.Parse(text, models, HazardProbes.Names);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static string List(IReadOnlyList<string> names) => names.Count == 0 ? "none" : string.Join(", ", names);

    /// <summary>
    /// Refuses to start in a folder that holds an earlier run's <paramref name="fileName"/> unless <c>--force</c>: the new
    /// run rewrites it at its first cell, so a run stopped early would leave a cell or two where a finished report was.
    /// </summary>
    internal static void KeepEarlier(string output, string fileName, bool force)
    {
        var earlier = Path.Combine(output, fileName);
        if (!force && FileKinds.Of(earlier) != FileKind.Missing)
            throw new UsageException($"{output} holds an earlier run's {fileName}; give another --out, or --force to replace it");
    }

    /// <summary>The tier named by <c>--tier</c> (default smoke).</summary>
    internal static TierPolicy Tier(string? name)
    {
        try
        {
            return TierPolicy.Named(name ?? "smoke");
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>Refuses a model the zoo does not have before anything runs.</summary>
    internal static void Models(IEnumerable<string> models)
    {
        try
        {
            TierPolicy.CheckModels(models);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary><c>--seeds N --first-seed F</c>: the seeds F..F+N-1.</summary>
    internal static int[] Seeds(CommandArgs args, int defaultCount)
    {
        var count = args.Int("seeds", defaultCount);
        var first = args.Int("first-seed", 1);
        if (count < 1) throw new UsageException("--seeds must be at least 1");
        if (first < 0 || first > int.MaxValue - count) throw new UsageException($"--first-seed must be between 0 and {int.MaxValue - count} (got {first})");
        return Enumerable.Range(first, count).ToArray();
    }
}

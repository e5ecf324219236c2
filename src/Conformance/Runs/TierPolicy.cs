using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Runs;

/// <summary>
/// What a tier runs, in one place: its default models, each model's settings, data and the accuracy every binding must
/// reach (<see cref="ModelZoo.Plan"/>), and how bindings that declare <see cref="OracleCapabilities.SlowTraining"/>
/// are trained less in CI. Every front end (<c>conformance run</c>, <c>conformance sensitivity</c>) plans through it.
/// </summary>
public sealed class TierPolicy
{
    /// <summary>The one model a slow-training binding trains in the smoke tier.</summary>
    private const string SlowTrainingModel = ModelZoo.LeNet1;

    private TierPolicy(ConformanceTier tier) => Tier = tier;

    public static TierPolicy Smoke { get; } = new(ConformanceTier.Smoke);

    public static TierPolicy Paper { get; } = new(ConformanceTier.Paper);

    public static IReadOnlyList<string> Names { get; } = ["smoke", "paper"];

    public ConformanceTier Tier { get; }

    public string Name => Tier.ToString().ToLowerInvariant();

    /// <summary>
    /// The smoke tier's two LeNets fit CI; the paper tier is the whole study. The text models stay out of the smoke main
    /// job: it trains each 5 times per binding (5 seeds) and repeats one epoch, about 12 minutes for the three in Python
    /// PyTorch on an idle 2-core machine (docs/smoke-tier-text-models.md); run them with <c>--models LSTM,GRU,BERT</c>.
    /// </summary>
    public IReadOnlyList<string> DefaultModels => Tier == ConformanceTier.Smoke ? [ModelZoo.LeNet1, ModelZoo.LeNet5] : ModelZoo.Names;

    /// <summary>The policy named <paramref name="name"/> (<c>smoke</c> or <c>paper</c>).</summary>
    /// <exception cref="ArgumentException">Any other name.</exception>
    public static TierPolicy Named(string name) => name switch
    {
        "smoke" => Smoke,
        "paper" => Paper,
        _ => throw new ArgumentException($"--tier must be {string.Join(" or ", Names)} (got '{name}')"),
    };

    /// <summary>
    /// The run of <paramref name="models"/> with <paramref name="seeds"/> on <paramref name="devices"/> for the bindings of
    /// <paramref name="oracles"/>, writing into <paramref name="outputDirectory"/>. Datasets are converted on first use.
    /// </summary>
    /// <exception cref="ArgumentException">An unknown model, no seeds, or a repeated seed.</exception>
    /// <param name="specs">Models of the user's own (<see cref="ModelSpecFile"/>), after the zoo's: each trains with its file's
    /// settings and data at either tier, and slow-training bindings train it as they train any model but the smoke tier's one.</param>
    /// <exception cref="InvalidDataException">A spec that cannot train (no training settings, generated data) or whose data do not fit it.</exception>
    public RunPlan Plan(IReadOnlyList<string> models, IReadOnlyList<int> seeds, IReadOnlyList<string> devices, string outputDirectory,
        IEnumerable<IBindingOracle> oracles, IProgress<string> progress, IReadOnlyList<ModelSpecFile>? specs = null)
    {
        CheckModels(models);
        if (seeds.Count == 0) throw new ArgumentException("a run needs at least one seed");
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException($"seeds repeat: {string.Join(", ", seeds)}");
        foreach (var duplicate in (specs ?? []).GroupBy(s => s.Spec.Name).Where(g => g.Count() > 1))
            throw new ArgumentException($"two spec files name model '{duplicate.Key}': {string.Join(", ", duplicate.Select(s => s.Path))}");
        var slow = oracles.Where(o => o.Capabilities.SlowTraining).Select(o => o.Binding.Id).ToArray();
        var planned = models.Select(m => PlanModel(ModelZoo.Plan(m, Tier), null, seeds, slow, progress))
            .Concat((specs ?? []).Select(s => PlanModel(s.Plan(), s, seeds, slow, progress)));
        return new RunPlan(Name, planned.ToArray(), devices, outputDirectory)
        {
            // Every hazard and every zoo model as a hazard-free control: seconds in all (docs/hybridization.md).
            Probes = HazardProbes.Names,
        };
    }

    /// <summary>Throws for a model the zoo does not have, so that a front end can refuse it before running anything.</summary>
    /// <exception cref="ArgumentException">An unknown model, naming the known ones.</exception>
    public static void CheckModels(IEnumerable<string> models)
    {
        foreach (var model in models.Where(m => !ModelZoo.Names.Contains(m)))
            throw new ArgumentException($"unknown model '{model}'; known: {string.Join(", ", ModelZoo.Names)}");
    }

    /// <summary>One progress line saying what <see cref="Plan"/> will run, including the bindings trained less.</summary>
    public string Describe(IReadOnlyList<string> models, IReadOnlyList<int> seeds, IEnumerable<IBindingOracle> oracles) =>
        $"{Name} tier: models {string.Join(", ", models)}; seeds {SeedRange(seeds)}" +
        string.Concat(SeedLimits(oracles.Where(o => o.Capabilities.SlowTraining).Select(o => o.Binding.Id)).Select(l => $", {l.Key} at most {l.Value}"));

    /// <summary><c>6..10</c> for consecutive seeds, else the list.</summary>
    public static string SeedRange(IReadOnlyList<int> seeds) =>
        seeds.Count > 1 && seeds.Zip(seeds.Skip(1)).All(p => p.Second == p.First + 1) ? $"{seeds[0]}..{seeds[^1]}" : string.Join(", ", seeds);

    private PlannedModel PlanModel(ModelPlan plan, ModelSpecFile? file, IReadOnlyList<int> seeds, IReadOnlyList<string> slowBindings, IProgress<string> progress)
    {
        var name = plan.Model.Name;
        progress.Report($"preparing {plan.Model.Dataset} for {name}");
        var data = file is null ? DatasetCatalog.Default.Get(plan.Model.Dataset, plan.TrainCount, plan.TestCount) : file.Dataset(DatasetCatalog.Default);
        return new PlannedModel(plan.Model, data, plan.Settings, seeds.ToArray(), plan.MinimumTestAccuracy, TrainingSkips(name, slowBindings))
        {
            SeedLimits = SeedLimits(slowBindings),
            SpecFile = file?.Path,
            Bounds = plan.Bounds,
        };
    }

    /// <summary>
    /// The study's 5 seeds make rank tests possible (5 against 5 can reach p = 0.008); a slow-training binding
    /// (pure-JS LeNet-1: about 3 minutes a seed on 2 cores) trains once in the smoke tier.
    /// </summary>
    private Dictionary<string, int> SeedLimits(IEnumerable<string> slowBindings) =>
        Tier == ConformanceTier.Smoke ? slowBindings.ToDictionary(id => id, _ => 1) : [];

    /// <summary>
    /// Pure-JS TensorFlow.js trains LeNet-5 at about 70 s per 1,000 images per epoch (src/Oracles/Tfjs/README.md),
    /// 14 minutes for the smoke subset, and its embedding gradient makes text models slower still: the smoke tier checks
    /// a slow binding through weights trained elsewhere instead.
    /// </summary>
    private Dictionary<string, string> TrainingSkips(string model, IEnumerable<string> slowBindings) =>
        Tier == ConformanceTier.Smoke && model != SlowTrainingModel
            ? slowBindings.ToDictionary(id => id, id =>
                $"smoke tier trains only {SlowTrainingModel} in {id}: its training of {model} is too slow for CI (run --tier paper); weights trained elsewhere are still checked in {id} where it loads them")
            : [];
}

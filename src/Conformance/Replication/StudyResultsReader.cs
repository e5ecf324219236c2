using System.Text.RegularExpressions;

namespace BindingConformance.Replication;

/// <summary>
/// Reads a results folder in the layout of the bindings study (framework → model → binding, e.g.
/// <c>pytorch/lenet1/dotnet</c>): accuracy curves, training times and deployment checks of every binding.
/// </summary>
public static partial class StudyResultsReader
{
    /// <summary>The study's own published results, vendored in the checkout (reference/cmpmlbindings/NOTICE.md says where from).</summary>
    public static string PublishedData => Oracles.ProductPaths.Shipped(Path.Combine("reference", "cmpmlbindings", "data"));

    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A file is not in any format the study's bindings wrote, or the folder holds no results.</exception>
    public static IReadOnlyList<BindingResults> Read(string dataDirectory)
    {
        if (!Directory.Exists(dataDirectory))
            throw new DirectoryNotFoundException($"results folder '{dataDirectory}' does not exist");
        var results = new List<BindingResults>();
        foreach (var framework in SortedSubfolders(dataDirectory))
            foreach (var model in SortedSubfolders(framework))
                foreach (var binding in SortedSubfolders(model))
                    results.Add(ReadBinding(Path.GetFileName(framework), Path.GetFileName(model), binding));
        return results.Count > 0
            ? results
            : throw new InvalidDataException($"'{dataDirectory}' holds no framework/model/binding folders");
    }

    private static BindingResults ReadBinding(string framework, string model, string folder)
    {
        var times = new Dictionary<int, double>();
        var curves = new Dictionary<int, IReadOnlyList<double>>();
        var finals = new Dictionary<int, double>();
        var deployment = DeploymentChecks.None;
        foreach (var path in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith("deploy_eval_", StringComparison.Ordinal))
            {
                deployment = deployment.Plus(DeployEvalFile.Read(path));
                continue;
            }
            var match = RunFileName().Match(name);
            if (!match.Success) continue;
            var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
            switch (match.Groups["kind"].Value)
            {
                case "training_errors": curves[index] = AccuracyCurveFile.Read(path); break;
                case "testing_errors": finals[index] = AccuracyCurveFile.Read(path)[^1]; break;
                default: times[index] = TimeCostFile.ReadTrainingSeconds(path); break;
            }
        }
        var runs = times.Keys.Union(curves.Keys).Union(finals.Keys).Order()
            .Select(i => new SeedRun(i, times.TryGetValue(i, out var t) ? t : null, curves.GetValueOrDefault(i),
                finals.TryGetValue(i, out var f) ? f : null))
            .ToArray();
        return new BindingResults(framework, model, Path.GetFileName(folder), runs, deployment);
    }

    private static IEnumerable<string> SortedSubfolders(string folder) =>
        Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal);

    // time_cost files carry the device in some bindings (time_cost_gpu_0.json, time_cost_CUDA_0.txt); the run index is last.
    [GeneratedRegex(@"^(?<kind>training_errors|testing_errors|time_cost)(_[A-Za-z]+)?_(?<index>\d+)\.(txt|json)$")]
    private static partial Regex RunFileName();
}

using System.Text.Json;

namespace BindingConformance.Replication;

/// <summary>
/// <c>deploy_eval_*</c>: Python's JSON (<c>testset_same_acc</c>, <c>trainset_same_acc</c>, <c>*_acc_stable</c>)
/// or the other bindings' text, where a heading naming "Same" or "Stable" is followed by one
/// <c>true</c>/<c>false</c> per evaluation (optionally followed by the accuracy).
/// </summary>
internal static class DeployEvalFile
{
    public static DeploymentChecks Read(string path) =>
        path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? ReadJson(path) : ReadText(path);

    private static DeploymentChecks ReadJson(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        var same = FirstOfEach(root, "testset_same_acc", path).Concat(FirstOfEach(root, "trainset_same_acc", path)).ToArray();
        var stable = Booleans(root, "test_acc_stable", path).Concat(Booleans(root, "train_acc_stable", path)).ToArray();
        return new DeploymentChecks(same.Count(b => b), same.Length, stable.Count(b => b), stable.Length);
    }

    private static IEnumerable<bool> FirstOfEach(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var rows)
            ? rows.EnumerateArray().Select(row => row.ValueKind == JsonValueKind.Array && row.GetArrayLength() > 0
                ? row[0].GetBoolean()
                : throw new InvalidDataException($"{path}: \"{name}\" rows must be [same, accuracy, accuracy]")).ToArray()
            : [];

    private static IEnumerable<bool> Booleans(JsonElement root, string name, string path) =>
        root.TryGetProperty(name, out var values)
            ? values.EnumerateArray().Select(v => v.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? v.GetBoolean()
                : throw new InvalidDataException($"{path}: \"{name}\" must hold booleans")).ToArray()
            : [];

    private static DeploymentChecks ReadText(string path)
    {
        int same = 0, sameChecks = 0, stable = 0, stableChecks = 0;
        var heading = "";
        foreach (var line in StudyNumbers.Lines(path))
        {
            var verdict = StudyNumbers.ParseBoolean(line.Split(',')[0]);
            if (verdict is null)
            {
                if (line.Contains(':')) heading = line;
                continue;
            }
            if (heading.Contains("Stable", StringComparison.OrdinalIgnoreCase))
            {
                stableChecks++;
                if (verdict.Value) stable++;
            }
            else if (heading.Contains("Same", StringComparison.OrdinalIgnoreCase))
            {
                sameChecks++;
                if (verdict.Value) same++;
            }
            else throw new InvalidDataException($"{path}: a verdict '{line}' under heading '{heading}', which is neither Same nor Stable");
        }
        return new DeploymentChecks(same, sameChecks, stable, stableChecks);
    }
}

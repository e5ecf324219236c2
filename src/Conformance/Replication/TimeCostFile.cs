using System.Text.Json;

namespace BindingConformance.Replication;

/// <summary>
/// <c>time_cost_*</c> in the three shapes the bindings wrote: Python's JSON (<c>training_time</c>), the .NET and
/// Rust four lines (total, evaluation, training seconds, seed), and TypeScript's labelled lines (<c>Training Time:</c>).
/// </summary>
internal static class TimeCostFile
{
    public static double ReadTrainingSeconds(string path)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            return json.RootElement.TryGetProperty("training_time", out var seconds) && seconds.ValueKind == JsonValueKind.Number
                ? seconds.GetDouble()
                : throw new InvalidDataException($"{path}: no numeric \"training_time\"");
        }

        var lines = StudyNumbers.Lines(path);
        var label = Array.FindIndex(lines, l => l.Equals("Training Time:", StringComparison.OrdinalIgnoreCase));
        if (label >= 0)
            return label + 1 < lines.Length
                ? StudyNumbers.Parse(lines[label + 1], path)
                : throw new InvalidDataException($"{path}: 'Training Time:' has no value");
        if (lines.Length != 4)
            throw new InvalidDataException($"{path}: expected 4 lines (total, evaluation, training seconds, seed), found {lines.Length}");

        var total = StudyNumbers.Parse(lines[0], path);
        var evaluation = StudyNumbers.Parse(lines[1], path);
        var training = StudyNumbers.Parse(lines[2], path);
        // The positional format carries no labels; the sum is what confirms the order.
        if (Math.Abs(total - evaluation - training) > 1e-6 * Math.Max(1.0, total))
            throw new InvalidDataException($"{path}: total {total} is not evaluation {evaluation} + training {training}");
        return training;
    }
}

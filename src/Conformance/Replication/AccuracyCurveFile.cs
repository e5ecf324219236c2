namespace BindingConformance.Replication;

/// <summary><c>training_errors_*</c> / <c>testing_errors_*</c>: despite the name, one accuracy per epoch, one per line.</summary>
internal static class AccuracyCurveFile
{
    public static double[] Read(string path)
    {
        var values = StudyNumbers.Lines(path).Select(line => StudyNumbers.Parse(line, path)).ToArray();
        return values.Length > 0 ? values : throw new InvalidDataException($"{path}: no accuracies");
    }
}

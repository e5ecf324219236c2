namespace BindingConformance.Oracles.Data;

/// <summary>
/// Reads the CIFAR-10 binary format (<c>data_batch_1.bin</c>…<c>data_batch_5.bin</c>, <c>test_batch.bin</c>):
/// records of one label byte (0–9) then 3,072 pixel bytes, 1,024 per channel R, G, B, each 32×32 row-major.
/// Images become float32 [3, 32, 32] scaled to [0, 1].
/// </summary>
public static class Cifar10BinaryReader
{
    public const int Classes = 10;
    public const int Channels = 3;
    public const int Side = 32;
    public const int PixelBytes = Channels * Side * Side;
    public const int RecordBytes = 1 + PixelBytes;

    public static IReadOnlyList<string> TrainFiles { get; } =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>Reads the given batch files in order into one set of examples.</summary>
    public static LabeledExamples<float> Read(IEnumerable<string> paths)
    {
        var inputs = new List<float>();
        var labels = new List<long>();
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
                throw new InvalidDataException(
                    $"{path}: {bytes.Length} bytes is not a whole number of {RecordBytes}-byte CIFAR-10 records");
            for (var offset = 0; offset < bytes.Length; offset += RecordBytes)
            {
                var label = bytes[offset];
                if (label >= Classes)
                    throw new InvalidDataException($"{path}: record {offset / RecordBytes} has label {label}, not 0–9");
                labels.Add(label);
                for (var p = 1; p <= PixelBytes; p++) inputs.Add(bytes[offset + p] / 255f);
            }
        }
        return new LabeledExamples<float>(inputs.ToArray(), labels.ToArray(), [Channels, Side, Side]);
    }
}

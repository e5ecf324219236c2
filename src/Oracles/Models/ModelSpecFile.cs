using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BindingConformance.IO;
using BindingConformance.Oracles.Data;

namespace BindingConformance.Oracles.Models;

/// <summary>
/// A model of the user's own, in the zoo's layer vocabulary (<see cref="LayerKind"/>), read from a JSON file
/// (docs/model-specs.md): the spec every binding builds, how it trains, and where its examples come from. The file is hostile
/// input: every field is checked before any binding sees it, and the first problem is one line naming the field
/// (<c>layers[3].args.in_features: is 400 but its input [256] has 256 features in its last axis</c>).
/// </summary>
/// <param name="Path">The file's full path; data files it names are relative to its folder.</param>
/// <param name="Training">Epochs and batch size; null when the file gives none (it then serves inference-only checks).</param>
public sealed partial record ModelSpecFile(string Path, ModelSpec Spec, TrainingSettings? Training, double? MinimumTestAccuracy, SpecData Data)
{
    /// <summary>Largest spec file read: a spec is a page of JSON, not a dataset.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Most layers a spec may have.</summary>
    public const int MaxLayers = 256;

    private static readonly string[] TopLevel = ["name", "input_shape", "classes", "layers", "optimizer", "training", "data"];

    /// <summary>How the spec trains, with its data's counts and the accuracy it must reach; a file without <c>training</c> cannot train.</summary>
    /// <exception cref="InvalidDataException">The file gives no training, or its data are generated (no labels to learn).</exception>
    public ModelPlan Plan()
    {
        if (Training is null) throw Invalid(Path, "training", "missing: a run trains the model (give epochs and batch_size)");
        return Data switch
        {
            CatalogData catalog => new(Spec, Training, catalog.TrainCount, catalog.TestCount, MinimumTestAccuracy),
            FileData file => new(Spec, Training, file.TrainCount, file.TestCount, MinimumTestAccuracy),
            _ => throw Invalid(Path, "data", "generated inputs have no labels to learn or score: a run needs a dataset or a data file"),
        };
    }

    /// <summary>The spec's labelled examples: the catalog's dataset, or the user's file imported into the cache.</summary>
    /// <exception cref="InvalidDataException">Generated data, or a data file that does not fit the spec.</exception>
    public DatasetRef Dataset(DatasetCatalog catalog)
    {
        if (Data is GeneratedData) throw Invalid(Path, "data", "generated inputs have no labels: they serve inference-only checks (conformance compare)");
        try
        {
            return Data is FileData file
                ? catalog.Import(file.Path, Spec, file.TrainCount, file.TestCount)
                : catalog.Get(Data.Name, ((CatalogData)Data).TrainCount, ((CatalogData)Data).TestCount);
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException)
        {
            throw Invalid(Path, "data", e.Message);
        }
    }

    /// <exception cref="InvalidDataException">The file is missing, unreadable, not JSON, or any field is wrong.</exception>
    public static ModelSpecFile Read(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        var root = Parse(path);
        var fields = new Fields(path, root, "");
        fields.OnlyKnown(TopLevel);
        var name = fields.Text("name");
        if (!NamePattern().IsMatch(name)) throw Invalid(path, "name", $"'{name}' must be letters, digits, '.', '_' or '-', starting with a letter or digit");
        if (ModelZoo.Names.Contains(name)) throw Invalid(path, "name", $"'{name}' is a zoo model's name; give the spec its own");
        var inputShape = fields.Integers("input_shape", 1, 4);
        var classes = fields.Integer("classes", 2, LayerArguments.MaxInteger);
        var layers = fields.Array("layers", 1, MaxLayers).Select((node, i) => Layer(path, node, i)).ToArray();
        foreach (var duplicate in layers.Select((l, i) => (l.Name, i)).GroupBy(l => l.Name).Where(g => g.Count() > 1))
            throw Invalid(path, $"layers[{duplicate.ElementAt(1).i}].name", $"'{duplicate.Key}' names layers[{duplicate.First().i}] too; each layer's name prefixes its own weights");
        var optimizer = Optimizer(fields.Object("optimizer"));
        var data = ReadData(path, fields.Object("data"));
        var training = fields.OptionalObject("training") is { } t ? new Fields(path, t, "training") : null;
        training?.OnlyKnown(["epochs", "batch_size", "minimum_test_accuracy"]);
        var spec = new ModelSpec(name, data.Name, inputShape, classes, layers, optimizer);
        if (data is CatalogData catalog)
        {
            var example = DatasetNames.ExampleShape(catalog.Dataset);
            if (!example.SequenceEqual(inputShape))
                throw Invalid(path, "input_shape", $"[{string.Join(", ", inputShape)}] is not the shape of one {catalog.Dataset} example, [{string.Join(", ", example)}]");
            if (DatasetNames.HoldsTokenIds(catalog.Dataset) != (layers[0].Kind == LayerKind.Embedding))
                throw Invalid(path, "layers[0].kind", DatasetNames.HoldsTokenIds(catalog.Dataset)
                    ? $"{catalog.Dataset} holds token ids: the first layer must be an embedding"
                    : $"{catalog.Dataset} holds images, not token ids: an embedding cannot read them");
        }
        CheckShapes(path, spec);
        return new ModelSpecFile(path, spec,
            training is null ? null : new TrainingSettings(training.Integer("epochs", 1, 1000), training.Integer("batch_size", 1, LayerArguments.MaxInteger)),
            training?.OptionalProbability("minimum_test_accuracy"), data);
    }

    private static JsonObject Parse(string path)
    {
        byte[] bytes;
        try
        {
            // Checked before opening: a FIFO would block the read forever.
            if (FileKinds.WhyNotInputFile(path) is { } why) throw Invalid(path, "file", FileKinds.Of(path) == FileKind.Missing ? "not found" : why);
            var info = new FileInfo(path);
            if (info.Length > MaxBytes) throw Invalid(path, "file", $"{info.Length} bytes is more than a spec's {MaxBytes}");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, "file", OneLine.Of(e.Message));
        }
        try
        {
            return JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 16 }) as JsonObject
                   ?? throw Invalid(path, "file", "is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Invalid(path, "file", $"not JSON: {OneLine.Of(e.Message)}");
        }
    }

    private static LayerSpec Layer(string path, JsonNode? node, int index)
    {
        var where = $"layers[{index}]";
        var fields = new Fields(path, node as JsonObject ?? throw Invalid(path, where, $"is {Describe(node)}, not an object"), where);
        fields.OnlyKnown(["kind", "name", "args"]);
        var kind = fields.Text("kind");
        if (!LayerKind.All.Contains(kind))
            throw Invalid(path, $"{where}.kind", $"unknown layer kind '{kind}'; known: {string.Join(", ", LayerKind.All)}");
        var name = fields.Text("name");
        if (!LayerNamePattern().IsMatch(name))
            throw Invalid(path, $"{where}.name", $"'{name}' must be letters, digits and '_', starting with a letter: it prefixes the layer's weights ({name}.weight)");
        var expected = LayerArguments.Of(kind);
        var given = fields.OptionalObject("args") ?? [];
        foreach (var unknown in given.Select(p => p.Key).Where(k => expected.All(a => a.Name != k)))
            throw Invalid(path, $"{where}.args.{unknown}",
                $"{kind} takes no argument '{unknown}' (it takes {(expected.Count == 0 ? "none" : string.Join(", ", expected.Select(a => a.Name)))})");
        var args = new Dictionary<string, double>();
        foreach (var argument in expected)
        {
            var field = $"{where}.args.{argument.Name}";
            var value = given[argument.Name] switch
            {
                null => throw Invalid(path, field, $"missing: {kind} takes {string.Join(", ", expected.Select(a => a.Name))}"),
                JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
                var other => throw Invalid(path, field, $"is {Describe(other)}, not a number"),
            };
            if (argument.WhyInvalid(value) is { } why) throw Invalid(path, field, why);
            args[argument.Name] = value;
        }
        return new LayerSpec(kind, name, args);
    }

    private static OptimizerSpec Optimizer(Fields fields)
    {
        fields.OnlyKnown(["kind", "learning_rate", "momentum"]);
        var kind = fields.Text("kind");
        if (kind is not ("sgd" or "adam")) throw fields.Wrong("kind", $"'{kind}' is not an optimizer every binding has (sgd, adam)");
        var rate = fields.Number("learning_rate");
        if (!(rate > 0 && rate <= 10)) throw fields.Wrong("learning_rate", $"must be in (0, 10] (got {rate})");
        var momentum = fields.OptionalProbability("momentum") ?? 0;
        if (kind == "adam" && momentum != 0) throw fields.Wrong("momentum", "adam takes no momentum");
        return new OptimizerSpec(kind, rate, momentum);
    }

    private static SpecData ReadData(string path, Fields fields)
    {
        fields.OnlyKnown(["dataset", "file", "generated", "seed", "train_count", "test_count"]);
        var sources = new[] { "dataset", "file", "generated" }.Where(fields.Has).ToArray();
        if (sources.Length != 1) throw fields.Wrong("", "names exactly one of dataset, file or generated");
        int? Count(string key) => fields.Has(key) ? fields.Integer(key, 1, int.MaxValue) : null;
        switch (sources[0])
        {
            case "dataset":
                var name = fields.Text("dataset");
                if (!DatasetNames.All.Contains(name)) throw fields.Wrong("dataset", $"unknown dataset '{name}'; known: {string.Join(", ", DatasetNames.All)}");
                return new CatalogData(name, Count("train_count"), Count("test_count"));
            case "file":
                var file = fields.Text("file");
                var extension = System.IO.Path.GetExtension(file).ToLowerInvariant();
                if (extension is not (".safetensors" or ".npz")) throw fields.Wrong("file", $"'{file}' must be a .safetensors file (the cache layout) or an .npz");
                return new FileData(System.IO.Path.GetFullPath(file, System.IO.Path.GetDirectoryName(path)!), Count("train_count"), Count("test_count"));
            default:
                if (fields.Has("train_count") || fields.Has("test_count")) throw fields.Wrong("generated", "generated inputs take a count and a seed, not train_count or test_count");
                return new GeneratedData(fields.Integer("generated", 1, 4096), fields.Has("seed") ? fields.Integer("seed", 0, int.MaxValue) : 1);
        }
    }

    private static void CheckShapes(string path, ModelSpec spec)
    {
        try
        {
            LayerShapes.Flow(spec);
        }
        catch (ModelShapeException e)
        {
            var field = e.Layer < 0 ? "classes" : $"layers[{e.Layer}]{(e.Argument is null ? "" : $".args.{e.Argument}")}";
            throw Invalid(path, field, e.Detail);
        }
    }

    /// <summary>A problem of the spec file at <paramref name="path"/>, in one line naming <paramref name="field"/>.</summary>
    public static InvalidDataException Invalid(string path, string field, string message) => new($"{path}: {field}: {message}");

    private static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind().ToString().ToLowerInvariant();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex NamePattern();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]{0,63}\z")]
    private static partial Regex LayerNamePattern();

    /// <summary>Typed reads of one object of the file, each problem naming its field by its path in the file.</summary>
    private sealed class Fields(string path, JsonObject json, string where)
    {
        public bool Has(string key) => json.ContainsKey(key);

        public void OnlyKnown(IReadOnlyList<string> keys)
        {
            foreach (var unknown in json.Select(p => p.Key).Where(k => !keys.Contains(k)))
                throw Invalid(path, Field(unknown), $"unknown field (known: {string.Join(", ", keys)})");
        }

        public string Text(string key) => json[key] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is { Length: > 0 } text => text,
            null => throw Wrong(key, "missing"),
            var other => throw Wrong(key, $"is {Describe(other)}, not a non-empty string"),
        };

        public double Number(string key) => json[key] switch
        {
            JsonValue v when v.GetValueKind() == JsonValueKind.Number && double.IsFinite(v.GetValue<double>()) => v.GetValue<double>(),
            null => throw Wrong(key, "missing"),
            var other => throw Wrong(key, $"is {Describe(other)}, not a finite number"),
        };

        public int Integer(string key, int min, int max)
        {
            var value = Number(key);
            return value == Math.Floor(value) && value >= min && value <= max ? (int)value
                : throw Wrong(key, $"must be an integer between {min} and {max} (got {value})");
        }

        public double? OptionalProbability(string key)
        {
            if (!Has(key)) return null;
            var value = Number(key);
            return value is >= 0 and <= 1 ? value : throw Wrong(key, $"must be between 0 and 1 (got {value})");
        }

        public int[] Integers(string key, int minCount, int maxCount)
        {
            var items = Array(key, minCount, maxCount);
            return items.Select((node, i) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.GetValue<double>() is var d
                                                 && d == Math.Floor(d) && d >= 1 && d <= LayerArguments.MaxInteger
                ? (int)d
                : throw Wrong($"{key}[{i}]", $"must be an integer between 1 and {LayerArguments.MaxInteger} (got {node?.ToJsonString() ?? "null"})")).ToArray();
        }

        public JsonArray Array(string key, int minCount, int maxCount) => json[key] switch
        {
            JsonArray items when items.Count >= minCount && items.Count <= maxCount => items,
            JsonArray items => throw Wrong(key, $"has {items.Count} items; it takes {minCount} to {maxCount}"),
            null => throw Wrong(key, "missing"),
            var other => throw Wrong(key, $"is {Describe(other)}, not an array"),
        };

        public Fields Object(string key) => new(path, OptionalObject(key) ?? throw Wrong(key, "missing"), Field(key));

        public JsonObject? OptionalObject(string key) => json[key] switch
        {
            null => null,
            JsonObject o => o,
            var other => throw Wrong(key, $"is {Describe(other)}, not an object"),
        };

        public InvalidDataException Wrong(string key, string message) => Invalid(path, Field(key), message);

        private string Field(string key) => where.Length == 0 ? key : key.Length == 0 ? where : $"{where}.{key}";
    }
}

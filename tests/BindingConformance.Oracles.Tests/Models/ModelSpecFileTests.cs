using System.Text.Json.Nodes;
using BindingConformance.Oracles.Models;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Models;

/// <summary>
/// A model spec file is hostile input: a good one becomes the spec every binding builds, and each kind of mistake is refused
/// in one line naming the file and the field, before any binding sees it.
/// </summary>
public sealed class ModelSpecFileTests : IDisposable
{
    private const string Good = """
        {
          "name": "SmallCnn",
          "input_shape": [1, 28, 28],
          "classes": 10,
          "layers": [
            { "kind": "conv2d", "name": "conv1", "args": { "in_channels": 1, "out_channels": 8, "kernel_size": 3, "padding": 1 } },
            { "kind": "batch_norm2d", "name": "bn1", "args": { "num_features": 8 } },
            { "kind": "relu", "name": "relu1" },
            { "kind": "max_pool2d", "name": "pool1", "args": { "kernel_size": 2 } },
            { "kind": "flatten", "name": "flatten" },
            { "kind": "dropout", "name": "drop", "args": { "p": 0.25 } },
            { "kind": "linear", "name": "fc", "args": { "in_features": 1568, "out_features": 10 } }
          ],
          "optimizer": { "kind": "sgd", "learning_rate": 0.05, "momentum": 0.9 },
          "training": { "epochs": 2, "batch_size": 32, "minimum_test_accuracy": 0.85 },
          "data": { "dataset": "mnist", "train_count": 2000, "test_count": 500 }
        }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("model-specs-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_good_spec_is_the_spec_its_file_describes()
    {
        var file = ModelSpecFile.Read(Write(Good));

        file.Spec.Name.Should().Be("SmallCnn");
        file.Spec.Layers.Select(l => l.Kind).Should().Equal("conv2d", "batch_norm2d", "relu", "max_pool2d", "flatten", "dropout", "linear");
        file.Spec.Layers[0].Args.Should().BeEquivalentTo(new Dictionary<string, double> { ["in_channels"] = 1, ["out_channels"] = 8, ["kernel_size"] = 3, ["padding"] = 1 });
        file.Spec.Optimizer.Should().Be(new OptimizerSpec("sgd", 0.05, 0.9));
        file.Plan().Should().BeEquivalentTo(new ModelPlan(file.Spec, new TrainingSettings(2, 32), 2000, 500, 0.85));
        file.Data.Should().Be(new CatalogData("mnist", 2000, 500));
        // The spec the file gives is one LayerShapes accepts and ModelCost counts: conv 28·28·8·9 = 56,448; fc 1,568·10 = 15,680.
        ModelCost.ForwardMacs(file.Spec).Should().Be(72_128);
    }

    [Theory]
    [InlineData("layers[2].kind", "unknown layer kind 'conv3d'; known: conv2d, max_pool2d, *", "layers", 2, "kind", "\"conv3d\"")]
    [InlineData("layers[0].args.kernel_size", "missing: conv2d takes in_channels, out_channels, kernel_size, padding", "layers", 0, "args", "{\"in_channels\": 1, \"out_channels\": 8, \"padding\": 1}")]
    [InlineData("layers[0].args.stride", "conv2d takes no argument 'stride' (it takes in_channels, out_channels, kernel_size, padding)", "layers", 0, "args", "{\"in_channels\": 1, \"out_channels\": 8, \"kernel_size\": 3, \"padding\": 1, \"stride\": 2}")]
    [InlineData("layers[0].args.out_channels", "must be an integer (got 8.5)", "layers", 0, "args", "{\"in_channels\": 1, \"out_channels\": 8.5, \"kernel_size\": 3, \"padding\": 1}")]
    [InlineData("layers[0].args.kernel_size", "is string, not a number", "layers", 0, "args", "{\"in_channels\": 1, \"out_channels\": 8, \"kernel_size\": \"3\", \"padding\": 1}")]
    [InlineData("layers[5].args.p", "must be a probability in [0, 1) (got 1.5)", "layers", 5, "args", "{\"p\": 1.5}")]
    [InlineData("layers[6].args.in_features", "is 1500 but its input [1568] has 1568 features in its last axis", "layers", 6, "args", "{\"in_features\": 1500, \"out_features\": 10}")]
    [InlineData("layers[1].args.num_features", "is 4 but its input has 8 channels ([8, 28, 28])", "layers", 1, "args", "{\"num_features\": 4}")]
    [InlineData("classes", "the model ends in [12], not the [10] logits of its classes", "layers", 6, "args", "{\"in_features\": 1568, \"out_features\": 12}")]
    [InlineData("layers[4].name", "'relu1' names layers[2] too; each layer's name prefixes its own weights", "layers", 4, "name", "\"relu1\"")]
    [InlineData("layers[4].name", "'fc.weight' must be letters, digits and '_', starting with a letter: *", "layers", 4, "name", "\"fc.weight\"")]
    public void A_wrong_layer_is_refused_in_one_line_naming_its_field(string field, string message, string array, int index, string key, string json)
    {
        var spec = JsonNode.Parse(Good)!.AsObject();
        spec[array]![index]![key] = JsonNode.Parse(json);

        var read = () => ModelSpecFile.Read(Write(spec.ToJsonString()));

        read.Should().Throw<InvalidDataException>().Which.Message.Should().Match($"{Path.Combine(folder, "spec.json")}: {field}: {message}").And.NotContain("\n");
    }

    [Theory]
    [InlineData("name", "\"LeNet1\"", "name: 'LeNet1' is a zoo model's name; give the spec its own")]
    [InlineData("name", "\"../evil\"", "name: '../evil' must be letters, digits, '.', '_' or '-', starting with a letter or digit")]
    [InlineData("input_shape", "[3, 32, 32]", "input_shape: [3, 32, 32] is not the shape of one mnist example, [1, 28, 28]")]
    [InlineData("input_shape", "[]", "input_shape: has 0 items; it takes 1 to 4")]
    [InlineData("classes", "1", "classes: must be an integer between 2 and 65536 (got 1)")]
    [InlineData("optimizer", "{\"kind\": \"rmsprop\", \"learning_rate\": 0.01}", "optimizer.kind: 'rmsprop' is not an optimizer every binding has (sgd, adam)")]
    [InlineData("optimizer", "{\"kind\": \"sgd\", \"learning_rate\": -1}", "optimizer.learning_rate: must be in (0, 10] (got -1)")]
    [InlineData("data", "{\"dataset\": \"mnist\", \"file\": \"x.npz\"}", "data: names exactly one of dataset, file or generated")]
    [InlineData("data", "{\"file\": \"digits.csv\"}", "data.file: 'digits.csv' must be a .safetensors file (the cache layout) or an .npz")]
    [InlineData("data", "{\"dataset\": \"svhn\"}", "data.dataset: unknown dataset 'svhn'; known: mnist, fashion_mnist, imdb, cifar10")]
    [InlineData("training", "{\"epochs\": 0, \"batch_size\": 32}", "training.epochs: must be an integer between 1 and 1000 (got 0)")]
    [InlineData("loss", "\"mse\"", "loss: unknown field (known: name, input_shape, classes, layers, optimizer, training, data)")]
    public void A_wrong_model_field_is_refused_in_one_line_naming_it(string key, string json, string message)
    {
        var spec = JsonNode.Parse(Good)!.AsObject();
        spec[key] = JsonNode.Parse(json);

        var read = () => ModelSpecFile.Read(Write(spec.ToJsonString()));

        read.Should().Throw<InvalidDataException>().WithMessage($"{Path.Combine(folder, "spec.json")}: {message}");
    }

    [Fact]
    public void A_file_that_is_not_json_or_not_there_is_one_line()
    {
        var notJson = () => ModelSpecFile.Read(Write("{ \"name\": "));
        var missing = () => ModelSpecFile.Read(Path.Combine(folder, "none.json"));

        notJson.Should().Throw<InvalidDataException>().Which.Message.Should().StartWith($"{Path.Combine(folder, "spec.json")}: file: not JSON: ").And.NotContain("\n");
        missing.Should().Throw<InvalidDataException>().WithMessage($"{Path.Combine(folder, "none.json")}: file: not found");
    }

    [Fact]
    public void Generated_inputs_serve_comparisons_but_refuse_to_train()
    {
        var spec = JsonNode.Parse(Good)!.AsObject();
        spec["data"] = JsonNode.Parse("{\"generated\": 64, \"seed\": 7}");
        var file = ModelSpecFile.Read(Write(spec.ToJsonString()));

        file.Data.Should().Be(new GeneratedData(64, 7));
        file.Invoking(f => f.Plan()).Should().Throw<InvalidDataException>()
            .WithMessage($"{file.Path}: data: generated inputs have no labels to learn or score: a run needs a dataset or a data file");
    }

    private string Write(string json)
    {
        var path = Path.Combine(folder, "spec.json");
        File.WriteAllText(path, json);
        return path;
    }
}

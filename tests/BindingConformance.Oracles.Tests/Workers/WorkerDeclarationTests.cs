using System.Text.Json.Nodes;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>What a worker's hello declares becomes its capabilities; a hello the host cannot read is refused in one line.</summary>
public sealed class WorkerDeclarationTests
{
    [Fact]
    public void Layer_kinds_give_every_zoo_model_made_only_of_them_and_named_models_are_added()
    {
        var declared = WorkerDeclaration.Read(ManifestFolder.Hello(new JsonObject
        {
            ["layer_kinds"] = new JsonArray(LayerKind.Conv2d, LayerKind.Tanh, LayerKind.AvgPool2d, LayerKind.Flatten, LayerKind.Linear),
            ["models"] = new JsonArray(ModelZoo.Lstm),
            ["can_train"] = true,
        }));

        // LeNet-1 is convolutions, tanh, average pooling and linear layers; LeNet-5 needs nothing else either.
        declared.Capabilities.Models.Should().Equal(ModelZoo.LeNet1, ModelZoo.LeNet5, ModelZoo.Lstm);
        declared.Capabilities.CanTrain.Should().BeTrue();
        declared.Unknown.Should().BeEmpty();
    }

    [Fact]
    public void Everything_a_worker_declares_is_read_into_its_capabilities_and_availability()
    {
        var declared = WorkerDeclaration.Read(ManifestFolder.Hello(new JsonObject
        {
            ["default"] = true, ["engine"] = "libtorch", ["engine_version"] = "1.13.1", ["devices"] = new JsonArray("cpu", "cuda"),
            ["absent_devices"] = new JsonObject(), ["save_formats"] = new JsonArray("safetensors", "onnx"),
            ["load_formats"] = new JsonArray("torchscript_traced"), ["activation_formats"] = new JsonArray("torchscript_traced"),
            ["alternate_backends"] = new JsonArray("simd"), ["execution_modes"] = new JsonArray("eager", "traced"),
            ["slow_training"] = true, ["training_step"] = true, ["extra_fact"] = "kept out",
        }));

        declared.Should().BeEquivalentTo(new
        {
            Protocol = "1.0", Binding = "declaring", Framework = "pytorch", Language = "python", IsDefault = true, Version = "0.1",
            Engine = new BindingEngine("libtorch", "1.13.1"), Devices = new[] { "cpu", "cuda" }, RunsTrainingStep = true,
        });
        declared.Capabilities.SaveFormats.Should().Equal(ModelFormat.Safetensors, ModelFormat.Onnx);
        declared.Capabilities.LoadFormats.Should().Equal(ModelFormat.TorchScriptTraced);
        declared.Capabilities.ActivationFormats.Should().Equal(ModelFormat.TorchScriptTraced);
        declared.Capabilities.AlternateBackends.Should().Equal("simd");
        declared.Capabilities.ExecutionModes.Should().Equal(ExecutionMode.Eager, ExecutionMode.Traced);
        declared.Capabilities.SlowTraining.Should().BeTrue();
        var binding = new BindingDescriptor("declaring", "pytorch", "python", IsDefault: true);
        declared.Availability(binding).Should().BeEquivalentTo(new { Available = true, Version = "0.1", Engine = new BindingEngine("libtorch", "1.13.1"), Devices = new[] { "cpu", "cuda" } });
        declared.WhyNot(binding).Should().BeNull();
    }

    [Fact]
    public void The_layer_kinds_a_worker_builds_and_why_it_lacks_others_build_or_skip_a_model_of_the_users_own()
    {
        var declared = WorkerDeclaration.Read(ManifestFolder.Hello(new JsonObject
        {
            ["can_train"] = true,
            ["layer_kinds"] = new JsonArray(LayerKind.Linear, LayerKind.Relu, "conv3d"),
            ["absent_layer_kinds"] = new JsonObject { [LayerKind.Gru] = "its GRU is reset-before" },
        }));
        var mlp = new ModelSpec("MyMlp", "mnist", [4], 2, [Layers.Linear("fc1", 4, 3), Layers.Relu("relu1"), Layers.Linear("fc2", 3, 2)], new OptimizerSpec("sgd", 0.1));
        var gru = new ModelSpec("MyGru", "mnist", [5, 4], 2, [Layers.Gru("gru", 4, 3), Layers.Linear("fc", 3, 2)], new OptimizerSpec("sgd", 0.1));

        declared.Capabilities.LayerKinds.Should().Equal(LayerKind.Linear, LayerKind.Relu);
        declared.Unknown.Should().Equal("layer kind 'conv3d'");
        declared.Capabilities.WhyCannotTrain("declaring", mlp).Should().BeNull();
        declared.Capabilities.WhyCannotTrain("declaring", gru).Should().Be("declaring does not build layer kind 'gru' (layer 'gru' of MyGru): its GRU is reset-before");
    }

    [Fact]
    public void Names_this_product_does_not_know_are_left_out_and_listed()
    {
        var declared = WorkerDeclaration.Read(ManifestFolder.Hello(new JsonObject
        {
            ["models"] = new JsonArray("LeNet1", "ResNet50"), ["save_formats"] = new JsonArray("safetensors", "keras"),
            ["execution_modes"] = new JsonArray("eager", "xla"),
        }));

        declared.Capabilities.Models.Should().Equal(ModelZoo.LeNet1);
        declared.Capabilities.SaveFormats.Should().Equal(ModelFormat.Safetensors);
        declared.Capabilities.ExecutionModes.Should().Equal(ExecutionMode.Eager);
        declared.Unknown.Should().Equal("model 'ResNet50'", "execution mode 'xla'", "save_format 'keras'");
    }

    [Theory]
    [InlineData("protocol", null, "hello: 'protocol' is missing; PROTOCOL.md lists what hello declares")]
    [InlineData("version", null, "hello: 'version' is missing; PROTOCOL.md lists what hello declares")]
    [InlineData("devices", null, "hello: 'devices' is missing; PROTOCOL.md lists what hello declares")]
    [InlineData("devices", "[]", "hello: 'devices' lists no device")]
    [InlineData("models", "\"LeNet1\"", "hello: 'models' must be a list of strings, got \"LeNet1\"")]
    [InlineData("can_train", "1", "hello: 'can_train' must be true or false, got 1")]
    [InlineData("absent_devices", "{\"cuda\": 3}", "hello: 'absent_devices' must be an object of device names to reasons, got {\"cuda\":3}")]
    [InlineData("absent_layer_kinds", "[\"gru\"]", "hello: 'absent_layer_kinds' must be an object of layer kinds to reasons, got [\"gru\"]")]
    [InlineData("framework", "\"\"", "hello: 'framework' must be a non-empty string, got \"\"")]
    [InlineData("protocol", "\"one\"", "its hello reports protocol 'one', which is no MAJOR.MINOR version")]
    [InlineData("protocol", "\"2.0\"", "it speaks worker protocol 2.0 and this product speaks 1.1: a different major version is not compatible (update BindingConformance)")]
    [InlineData("protocol", "\"0.9\"", "it speaks worker protocol 0.9 and this product speaks 1.1: a different major version is not compatible (update the worker to the protocol of src/Oracles/Workers/PROTOCOL.md)")]
    public void A_hello_the_host_cannot_use_is_refused_in_one_line(string field, string? json, string expected)
    {
        var hello = ManifestFolder.Hello(new JsonObject { [field] = json is null ? null : JsonNode.Parse(json) });

        var read = () => WorkerDeclaration.Read(hello);

        read.Should().Throw<OracleException>().Which.Message.Should().Be(expected);
    }

    [Fact]
    public void A_newer_minor_version_of_the_same_major_is_accepted()
    {
        WorkerDeclaration.Read(ManifestFolder.Hello(new JsonObject { ["protocol"] = "1.7" })).Protocol.Should().Be("1.7");
    }

    [Theory]
    [InlineData("1.1", true, null)]
    [InlineData("1.7", true, null)]
    [InlineData("1.1", false, "its hello does not declare training_step")]
    [InlineData("1.0", true, "it speaks worker protocol 1.0, whose step takes one batch; the identity probe's several steps and gradients need 1.1 (src/Oracles/Workers/PROTOCOL.md, \"Version\")")]
    public void The_step_is_asked_of_a_worker_that_declares_it_in_protocol_1_1_or_later(string protocol, bool declares, string? whyNot)
    {
        var declared = WorkerDeclaration.Read(ManifestFolder.Hello(new JsonObject { ["protocol"] = protocol, ["training_step"] = declares }));

        declared.WhyNoTrainingStep.Should().Be(whyNot);
    }

    [Fact]
    public void A_hello_that_contradicts_its_manifest_says_which_field()
    {
        var declared = WorkerDeclaration.Read(ManifestFolder.Hello());

        declared.WhyNot(new BindingDescriptor("b", "tensorflow", "python", false)).Should().Be("its hello says framework 'pytorch' and its manifest 'tensorflow'");
        declared.WhyNot(new BindingDescriptor("b", "pytorch", "rust", false)).Should().Be("its hello says language 'python' and its manifest 'rust'");
        declared.WhyNot(new BindingDescriptor("b", "pytorch", "python", true)).Should().Be("its hello says default false and its manifest true");
    }
}

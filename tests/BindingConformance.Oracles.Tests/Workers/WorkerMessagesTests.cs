using System.Text.Json.Nodes;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Workers;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.Workers;

/// <summary>How the host reads the result tensors of PROTOCOL.md's train, evaluate and step replies.</summary>
public sealed class WorkerMessagesTests
{
    private static readonly ModelSpec LeNet1 = ModelZoo.Get(ModelZoo.LeNet1);

    // 10 training examples in batches of 4 over 2 epochs: 3 steps per epoch (the last one of 2 examples).
    private static readonly TrainRequest Train = new(
        LeNet1, new DatasetRef("mnist", "/unused.safetensors", TrainCount: 10, TestCount: 3), Seed: 1,
        new TrainingSettings(Epochs: 2, BatchSize: 4), Device.Cpu, BatchOrder.Create(1, 10, 2), []);

    private static readonly JsonObject TrainFields = new()
    {
        ["train_accuracy"] = new JsonArray(0.5, 0.6), ["test_accuracy"] = new JsonArray(0.4, 0.7),
        ["final_test_accuracy"] = 0.7, ["training_seconds"] = 1.5, ["version"] = "1.13",
    };

    [Fact]
    public void A_train_request_counts_every_batch_including_each_epochs_short_last_one()
    {
        Train.Steps.Should().Be(6);
    }

    [Fact]
    public void Train_reply_carries_every_step_loss_and_the_final_test_logits()
    {
        double[] losses = [2.3, 2.1, 1.9, 1.7, 1.2, 1.1];
        var logits = Enumerable.Range(0, 30).Select(i => (float)i).ToArray();

        var result = WorkerMessages.ToTrainResult(Reply(TrainFields,
            NamedTensor.FromDoubles("step_losses", losses, 6), NamedTensor.FromFloats("final_test_logits", logits, 3, 10)), Train);

        result.StepLosses.Should().Equal(losses);
        result.FinalTestLogits.Should().Equal(logits);
    }

    [Fact]
    public void Train_reply_with_a_step_loss_missing_is_refused_naming_the_tensor_and_shapes()
    {
        var read = () => WorkerMessages.ToTrainResult(Reply(TrainFields,
            NamedTensor.FromDoubles("step_losses", new double[5], 5), NamedTensor.FromFloats("final_test_logits", new float[30], 3, 10)), Train);

        read.Should().Throw<OracleException>().WithMessage("train reply has step_losses F64 [5], expected F64 [6]");
    }

    [Fact]
    public void Train_reply_without_final_test_logits_is_refused()
    {
        var read = () => WorkerMessages.ToTrainResult(Reply(TrainFields, NamedTensor.FromDoubles("step_losses", new double[6], 6)), Train);

        read.Should().Throw<OracleException>().WithMessage("worker reply has no tensor 'final_test_logits'*");
    }

    [Fact]
    public void Evaluate_reply_gives_every_pass_its_own_logits_and_the_first_pass_as_Logits()
    {
        // 3 passes over 2 examples of 10 classes; pass p holds the values 100·p + 0..19.
        var logits = Enumerable.Range(0, 3).SelectMany(p => Enumerable.Range(0, 20).Select(i => 100f * p + i)).ToArray();
        var fields = new JsonObject
        {
            ["count"] = 2, ["classes"] = 10, ["correct_per_pass"] = new JsonArray(1, 1, 2), ["pass_seconds"] = new JsonArray(0.1, 0.1, 0.1),
        };

        var result = WorkerMessages.ToEvaluateResult(Reply(fields, NamedTensor.FromFloats("logits", logits, 3, 2, 10)));

        result.PassLogits.Should().HaveCount(3);
        result.PassLogits[2].Should().Equal(logits[40..60]);
        result.Logits.Should().BeSameAs(result.PassLogits[0]).And.Equal(logits[..20]);
    }

    [Fact]
    public void Evaluate_reply_with_logits_of_fewer_passes_than_counts_is_refused()
    {
        var fields = new JsonObject
        {
            ["count"] = 2, ["classes"] = 10, ["correct_per_pass"] = new JsonArray(1, 1), ["pass_seconds"] = new JsonArray(0.1, 0.1),
        };

        var read = () => WorkerMessages.ToEvaluateResult(Reply(fields, NamedTensor.FromFloats("logits", new float[20], 2, 10)));

        read.Should().Throw<OracleException>().WithMessage("evaluate reply has logits F32 [2, 10], expected F32 [2, 2, 10]");
    }

    [Fact]
    public void An_evaluation_built_without_pass_logits_holds_the_first_pass_only_and_cannot_hold_none()
    {
        float[] first = [1f, 2f];
        var result = new EvaluateResult(1, 2, [1, 1], first, [0.1, 0.1]);

        result.PassLogits.Should().ContainSingle().Which.Should().BeSameAs(first);
        var empty = () => result with { PassLogits = [] };
        empty.Should().Throw<ArgumentException>().WithMessage("an evaluation has the logits of at least one pass*");
    }

    [Fact]
    public void Step_reply_splits_losses_logits_gradients_and_the_updated_state_dict()
    {
        var request = new TrainingStepRequest(LeNet1, "/unused.safetensors",
            NamedTensor.FromFloats("inputs", new float[3 * 2 * 28 * 28], 3, 2, 1, 28, 28), NamedTensor.FromInt64("labels", [3, 7, 1, 2, 0, 9], 3, 2), Device.Cpu);
        var weight = NamedTensor.FromFloats("fc.weight", [0.5f], 1);

        var result = WorkerMessages.ToStepResult(Reply(new JsonObject(), NamedTensor.FromDoubles("losses", [2.25, 2.0, 1.5], 3),
            NamedTensor.FromFloats("logits", new float[20], 2, 10), weight, NamedTensor.FromFloats("grad:fc.weight", [0.125f], 1)), request);

        result.Losses.Should().Equal(2.25, 2.0, 1.5);
        result.Logits.Should().HaveCount(20);
        result.UpdatedWeights.Should().ContainSingle().Which.Should().BeSameAs(weight);
        result.Gradients.Should().ContainSingle().Which.Name.Should().Be("fc.weight");
        result.Gradients[0].ToFloats().Should().Equal(0.125f);
        WorkerMessages.StepTensors(request).Select(t => (t.Name, string.Join(",", t.Shape))).Should().Equal(("x", "3,2,1,28,28"), ("y", "3,2"));
    }

    [Fact]
    public void Step_reply_without_gradients_or_with_a_loss_per_step_missing_is_refused()
    {
        var request = new TrainingStepRequest(LeNet1, "/unused.safetensors",
            NamedTensor.FromFloats("inputs", new float[2 * 2 * 28 * 28], 2, 2, 1, 28, 28), NamedTensor.FromInt64("labels", [3, 7, 1, 2], 2, 2), Device.Cpu);
        var logits = NamedTensor.FromFloats("logits", new float[20], 2, 10);
        var weight = NamedTensor.FromFloats("fc.weight", [0.5f], 1);

        var noGradients = () => WorkerMessages.ToStepResult(Reply(new JsonObject(), NamedTensor.FromDoubles("losses", [2.25, 2.0], 2), logits, weight), request);
        var oneLoss = () => WorkerMessages.ToStepResult(Reply(new JsonObject(), NamedTensor.FromDoubles("losses", [2.25], 1), logits, weight,
            NamedTensor.FromFloats("grad:fc.weight", [0.125f], 1)), request);

        noGradients.Should().Throw<OracleException>().WithMessage("step reply has no gradients");
        oneLoss.Should().Throw<OracleException>().WithMessage("step reply has losses F64 [1], expected F64 [2]");
    }

    [Fact]
    public void A_step_batch_that_does_not_fit_the_model_is_refused_before_any_binding_runs()
    {
        var images = NamedTensor.FromFloats("inputs", new float[2 * 28 * 28], 1, 2, 1, 28, 28);

        new TrainingStepRequest(LeNet1, "w", NamedTensor.FromFloats("x", new float[2 * 784], 1, 2, 784), NamedTensor.FromInt64("y", [1, 2], 1, 2), Device.Cpu)
            .WhyInvalid().Should().Be("step inputs are F32 [1, 2, 784]; model LeNet1 needs F32 or I64 [steps ≥ 1, n ≥ 1, 1, 28, 28]");
        new TrainingStepRequest(LeNet1, "w", images, NamedTensor.FromInt64("y", [1, 2], 2), Device.Cpu)
            .WhyInvalid().Should().Be("step labels are I64 [2]; 1 batches of 2 inputs need I64 [1, 2]");
        new TrainingStepRequest(LeNet1, "w", images, NamedTensor.FromInt64("y", [1, 10], 1, 2), Device.Cpu)
            .WhyInvalid().Should().Be("step labels must be class ids in [0, 10) for model LeNet1");
        new TrainingStepRequest(LeNet1, "w", images, NamedTensor.FromInt64("y", [0, 9], 1, 2), Device.Cpu).WhyInvalid().Should().BeNull();
    }

    private static readonly ActivationsRequest Activations =
        new(LeNet1, ModelFormat.Safetensors, "w", NamedTensor.FromFloats("x", new float[2 * 28 * 28], 2, 1, 28, 28), Device.Cpu);

    /// <summary>LeNet-1's layers on a batch of 2, each F32 with the shape PyTorch gives it.</summary>
    private static NamedTensor[] LeNet1Activations() =>
    [
        .. new (string Name, long[] Shape)[]
        {
            ("conv1", [2, 4, 24, 24]), ("tanh1", [2, 4, 24, 24]), ("pool1", [2, 4, 12, 12]), ("conv2", [2, 12, 8, 8]),
            ("tanh2", [2, 12, 8, 8]), ("pool2", [2, 12, 4, 4]), ("flatten", [2, 192]), ("fc", [2, 10]),
        }.Select(l => NamedTensor.FromFloats(l.Name, new float[l.Shape.Aggregate(1L, (a, b) => a * b)], l.Shape)),
    ];

    [Fact]
    public void Activations_reply_gives_every_spec_layer_in_order_ending_in_the_logits()
    {
        var result = WorkerMessages.ToActivationsResult(Reply([], LeNet1Activations()), Activations);

        result.Layers.Select(l => l.Name).Should().Equal(LeNet1.Layers.Select(l => l.Name));
        result.Logits.Name.Should().Be("fc");
        result.IsOutputOnly.Should().BeFalse();
    }

    [Fact]
    public void Activations_reply_of_an_opaque_graph_is_its_output_alone()
    {
        var result = WorkerMessages.ToActivationsResult(Reply([], NamedTensor.FromFloats(ActivationsResult.OutputOnly, new float[20], 2, 10)), Activations);

        result.IsOutputOnly.Should().BeTrue();
    }

    [Fact]
    public void Activations_reply_with_layers_out_of_order_is_refused_naming_both_lists()
    {
        var layers = LeNet1Activations();
        (layers[1], layers[2]) = (layers[2], layers[1]);

        var read = () => WorkerMessages.ToActivationsResult(Reply([], layers), Activations);

        read.Should().Throw<OracleException>().WithMessage(
            "activations reply: activations of LeNet1 name [conv1, pool1, tanh1, *]; expected the spec layers [conv1, tanh1, pool1, *] or 'output' alone");
    }

    [Fact]
    public void Activations_reply_for_another_batch_size_or_class_count_is_refused()
    {
        var otherBatch = LeNet1Activations();
        otherBatch[3] = NamedTensor.FromFloats("conv2", new float[12 * 8 * 8], 1, 12, 8, 8);
        var otherLogits = LeNet1Activations();
        otherLogits[^1] = NamedTensor.FromFloats("fc", new float[2 * 9], 2, 9);

        var readBatch = () => WorkerMessages.ToActivationsResult(Reply([], otherBatch), Activations);
        var readLogits = () => WorkerMessages.ToActivationsResult(Reply([], otherLogits), Activations);

        readBatch.Should().Throw<OracleException>().WithMessage("activations reply: activation 'conv2' is F32 [1, 12, 8, 8]; expected F32 [2, …]");
        readLogits.Should().Throw<OracleException>().WithMessage("activations reply: activations of LeNet1 end in 'fc' [2, 9]; the logits are [2, 10]");
    }

    [Fact]
    public void Activations_request_sends_the_batch_as_x_with_the_model_file_and_device()
    {
        var args = WorkerMessages.ActivationsArgs(Activations);

        args["format"]!.GetValue<string>().Should().Be("safetensors");
        args["path"]!.GetValue<string>().Should().Be("w");
        args["device"]!.GetValue<string>().Should().Be(Device.Cpu);
        WorkerMessages.ActivationsTensors(Activations).Should().ContainSingle().Which.Name.Should().Be("x");
        args.ContainsKey("backend").Should().BeFalse("a binding without alternate backends is never sent one");
        WorkerMessages.ActivationsArgs(Activations with { Backend = "wasm" })["backend"]!.GetValue<string>().Should().Be("wasm");
    }

    private static WorkerReply Reply(JsonObject fields, params NamedTensor[] tensors) => new((JsonObject)fields.DeepClone(), tensors);
}

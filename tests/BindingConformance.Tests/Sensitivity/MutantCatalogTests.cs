using BindingConformance.Oracles;
using BindingConformance.Oracles.Data;
using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using BindingConformance.Tests.Runs;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Sensitivity;

/// <summary>
/// Each simulated bug of <see cref="MutantCatalog"/>, applied by a <see cref="MutantOracle"/> around a scripted binding:
/// what reaches the binding, what comes back, and what the real safetensors files hold afterwards.
/// </summary>
public sealed class MutantCatalogTests : IDisposable
{
    private static readonly BindingDescriptor Port = new("port-csharp", "pytorch", "csharp", IsDefault: false);
    private static readonly OracleCapabilities Capabilities = new(true, [ModelZoo.LeNet1], [ModelFormat.Safetensors], [ModelFormat.Safetensors]);

    private readonly string folder = Directory.CreateTempSubdirectory("mutants-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Names_are_unique_and_an_unknown_name_lists_the_known_ones()
    {
        MutantCatalog.Names.Should().OnlyHaveUniqueItems().And.HaveCount(22);
        var unknown = () => MutantCatalog.Get("nosuch");
        unknown.Should().Throw<ArgumentException>().WithMessage("unknown mutant 'nosuch'; known: lr-drift, init-drift, *");
    }

    [Fact]
    public async Task Lr_drift_trains_with_the_learning_rate_times_1_05_and_nothing_else_changed()
    {
        var request = TrainRequest();
        var (received, _) = await TrainAsync("lr-drift", request);

        received.Model.Optimizer.LearningRate.Should().BeApproximately(0.05 * 1.05, 1e-12);
        (received with { Model = request.Model }).Should().Be(request);
    }

    [Fact]
    public async Task Loss_sum_scales_the_learning_rate_by_the_batch_size()
    {
        var (received, _) = await TrainAsync("loss-sum", TrainRequest());

        received.Model.Optimizer.LearningRate.Should().BeApproximately(0.05 * 4, 1e-12);
    }

    [Fact]
    public async Task Loss_sum_under_adam_divides_epsilon_by_the_batch_size_and_keeps_the_learning_rate()
    {
        // Gradients × n scale Adam's moments by n and n²: its step is Adam's with epsilon ÷ n.
        var request = TrainRequest() with { Model = ModelZoo.Get(ModelZoo.Bert) };
        var (received, _) = await TrainAsync("loss-sum", request);

        received.Model.Optimizer.Should().Be(request.Model.Optimizer with { Epsilon = 1e-8 / 4 });
    }

    [Theory]
    [InlineData("adam-beta2-default", ModelZoo.Bert)]
    [InlineData("adam-epsilon-default", ModelZoo.Lstm)]
    [InlineData("momentum-reset", ModelZoo.LeNet1)]
    public async Task Optimizer_default_mutants_change_one_setting_in_training_and_in_the_probe(string mutant, string model)
    {
        var request = TrainRequest() with { Model = ModelZoo.Get(model) };
        var probe = new RecordingPortOracle();
        var step = new TrainingStepRequest(request.Model, "/nonexistent/weights.safetensors",
            NamedTensor.FromInt64("x", new long[ModelZoo.Get(model).InputShape[0]], 1, 1, ModelZoo.Get(model).InputShape[0]), NamedTensor.FromInt64("y", [0], 1, 1), Device.Cpu);

        var (received, _) = await TrainAsync(mutant, request);
        await ((ITrainingStepProbe)probe.UnderMutant(mutant, folder)).StepAsync(step);

        var expected = mutant switch
        {
            "adam-beta2-default" => request.Model.Optimizer with { Beta2 = 0.99 },
            "adam-epsilon-default" => request.Model.Optimizer with { Epsilon = 1e-7 },
            _ => request.Model.Optimizer with { Momentum = 0 },
        };
        received.Model.Optimizer.Should().Be(expected);
        (received with { Model = request.Model }).Should().Be(request);
        probe.Steps.Single().Model.Optimizer.Should().Be(expected);
    }

    [Fact]
    public void A_mutant_says_which_models_it_cannot_show_in()
    {
        string? Why(string mutant, string model) => MutantCatalog.Get(mutant).WhyNotApplicable(ModelZoo.Get(model));

        Why("adam-beta2-default", ModelZoo.LeNet1).Should().Be("the model trains with sgd, not Adam");
        Why("adam-beta2-default", ModelZoo.Bert).Should().BeNull();
        Why("momentum-reset", ModelZoo.Lstm).Should().Be("the model does not train with SGD and momentum");
        Why("momentum-reset", ModelZoo.LeNet5).Should().BeNull();
        Why("activation-swap", ModelZoo.Gru).Should().Be("the model has no tanh or ReLU layer");
        Why("activation-swap", ModelZoo.Bert).Should().Be("the model has no tanh or ReLU layer", "the encoder's ReLU is inside its layer, not a spec layer");
        Why("weights-transposed-on-load", ModelZoo.Lstm).Should().Be("the model has no convolution kernel and no square weight matrix");
        Why("weights-transposed-on-load", ModelZoo.Bert).Should().BeNull("the attention's output projection is square");
        Why("train-input-scaled", ModelZoo.Bert).Should().Be("the model's inputs are token ids, which have no normalisation");
        Why("activation-derivative-wrong", ModelZoo.Lstm).Should().Be("the model has no tanh or ReLU layer");
        Why("first-layer-gradient-scaled", ModelZoo.Bert).Should().BeNull("every model has a weighted layer");
        MutantCatalog.All.Where(m => m.WhyNotApplicable(ModelZoo.Get(ModelZoo.LeNet1)) is null).Select(m => m.Name)
            .Should().NotContain(["adam-beta2-default", "adam-epsilon-default"]).And.HaveCount(20);
    }

    [Fact]
    public async Task Init_drift_changes_the_seed_but_keeps_the_harness_batch_order()
    {
        var request = TrainRequest();
        var (received, _) = await TrainAsync("init-drift", request);

        received.Seed.Should().Be(7 + MutantCatalog.InitSeedOffset);
        (received with { Seed = request.Seed }).Should().Be(request, "the batch order is the same object");
    }

    [Fact]
    public async Task Seed_ignored_trains_each_call_from_a_different_seed()
    {
        var inner = new ScriptedOracle(Port, Capabilities);
        await using var mutant = Mutate(inner, "seed-ignored");
        var request = TrainRequest();

        await mutant.TrainAsync(request);
        await mutant.TrainAsync(request);

        inner.TrainRequests.Select(r => r.Seed).Should().OnlyHaveUniqueItems().And.NotContain(request.Seed);
        inner.TrainRequests.Should().OnlyContain(r => r.BatchOrder == request.BatchOrder);
    }

    [Fact]
    public async Task Batch_order_ignored_visits_examples_in_index_order_every_epoch()
    {
        var (received, _) = await TrainAsync("batch-order-ignored", TrainRequest());

        received.BatchOrder.Epochs.Should().HaveCount(2).And.AllSatisfy(e => e.Should().Equal(Enumerable.Range(0, 10)));
    }

    [Fact]
    public async Task Last_batch_dropped_replaces_each_epochs_last_partial_batch_with_its_first_examples()
    {
        var request = TrainRequest();
        var (received, _) = await TrainAsync("last-batch-dropped", request);

        // 10 examples in batches of 4: the last batch holds 2.
        for (var e = 0; e < 2; e++)
        {
            var original = request.BatchOrder.Epochs[e];
            received.BatchOrder.Epochs[e].Should().Equal([.. original[..8], .. original[..2]]);
        }
    }

    [Fact]
    public async Task Activation_swap_runs_tanh_as_relu_in_training_and_in_evaluation()
    {
        var (trained, _) = await TrainAsync("activation-swap", TrainRequest());
        var (evaluated, _) = await EvaluateAsync("activation-swap", EvaluateRequest(ModelFormat.Safetensors, "/nonexistent/model.safetensors"));

        foreach (var model in new[] { trained.Model, evaluated.Model })
        {
            model.Layers.Select(l => l.Kind).Should().NotContain(LayerKind.Tanh).And.Contain(LayerKind.Relu);
            model.Layers.Select(l => l.Name).Should().Equal(ModelZoo.Get(ModelZoo.LeNet1).Layers.Select(l => l.Name));
        }
    }

    [Fact]
    public async Task Weights_transposed_on_load_evaluates_a_copy_with_the_first_convolution_kernel_rotated()
    {
        var path = Path.Combine(folder, "model.safetensors");
        SafetensorsWriter.Write(path,
        [
            NamedTensor.FromFloats("conv1.weight", [0, 1, 2, 3, 4, 5, 6, 7], 2, 1, 2, 2),
            NamedTensor.FromFloats("conv2.weight", [0, 1, 2, 3], 1, 1, 2, 2),
            NamedTensor.FromFloats("fc.weight", [0, 1, 2, 3], 2, 2),
        ]);
        var before = File.ReadAllBytes(path);

        var (received, _) = await EvaluateAsync("weights-transposed-on-load", EvaluateRequest(ModelFormat.Safetensors, path));

        received.Path.Should().NotBe(path);
        var copy = SafetensorsReader.Read(received.Path);
        copy["conv1.weight"].ToFloats().Should().Equal(3, 2, 1, 0, 7, 6, 5, 4);
        copy["conv2.weight"].ToFloats().Should().Equal(0, 1, 2, 3);
        copy["fc.weight"].ToFloats().Should().Equal(0, 1, 2, 3);
        File.ReadAllBytes(path).Should().Equal(before, "the binding's loader is buggy, not the file");
    }

    [Fact]
    public async Task Weights_transposed_on_load_transposes_the_first_square_matrix_of_a_model_without_convolutions()
    {
        var path = Path.Combine(folder, "model.safetensors");
        SafetensorsWriter.Write(path, [NamedTensor.FromFloats("fc1.weight", [0, 1, 2, 3, 4, 5], 2, 3), NamedTensor.FromFloats("fc2.weight", [0, 1, 2, 3], 2, 2)]);

        var (received, _) = await EvaluateAsync("weights-transposed-on-load", EvaluateRequest(ModelFormat.Safetensors, path));

        var copy = SafetensorsReader.Read(received.Path);
        copy["fc1.weight"].ToFloats().Should().Equal(0, 1, 2, 3, 4, 5);
        copy["fc2.weight"].ToFloats().Should().Equal(0, 2, 1, 3);
    }

    [Fact]
    public async Task Weights_transposed_on_load_leaves_files_that_are_not_state_dicts_alone()
    {
        var request = EvaluateRequest(ModelFormat.Onnx, "/nonexistent/model.onnx");

        var (received, _) = await EvaluateAsync("weights-transposed-on-load", request);

        received.Should().Be(request);
    }

    // Expected values: numpy.float16(numpy.float32(x)).item() and torch.tensor(x).bfloat16().float().item() (torch 1.13).
    [Theory]
    [InlineData("float16-on-save", 0.1f, 0.0999755859375f, 1f / 3, 0.333251953125f)]
    [InlineData("bfloat16-on-save", 0.1f, 0.10009765625f, 1f / 3, 0.333984375f)]
    [InlineData("bfloat16-on-save", -2.5e-3f, -0.00250244140625f, 1f, 1f)]
    public async Task Precision_lost_on_save_rounds_the_saved_float_weights_and_keeps_other_tensors(
        string mutant, float a, float roundedA, float b, float roundedB)
    {
        var path = Path.Combine(folder, "model.safetensors");
        var request = TrainRequest() with { Exports = [new ModelExport(ModelFormat.Safetensors, path)] };
        var inner = new ScriptedOracle(Port, Capabilities)
        {
            Train = r =>
            {
                SafetensorsWriter.Write(path, [NamedTensor.FromFloats("fc.weight", [a, b], 2), NamedTensor.FromInt64("bn.num_batches_tracked", [3])],
                    new Dictionary<string, string> { ["binding"] = "port-csharp" });
                return ScriptedOracle.Learned(r, 0.95);
            },
        };
        await using var oracle = Mutate(inner, mutant);

        await oracle.TrainAsync(request);

        var saved = SafetensorsReader.Read(path);
        saved["fc.weight"].ToFloats().Should().Equal(roundedA, roundedB);
        saved["bn.num_batches_tracked"].ToInt64().Should().Equal(3);
        saved.Metadata.Should().Contain("binding", "port-csharp");
    }

    [Fact]
    public async Task Logits_scaled_doubles_every_logit_and_keeps_the_predictions()
    {
        var (_, result) = await EvaluateAsync("logits-scaled", EvaluateRequest(ModelFormat.Safetensors, "/nonexistent/model.safetensors"),
            _ => Evaluation([1f, -2f, 0.5f, 0f], [1, 1, 1]));

        result.Logits.Should().Equal(2f, -4f, 1f, 0f);
        result.CorrectPerPass.Should().Equal(1, 1, 1);
    }

    [Fact]
    public async Task Logit_mutants_reach_every_passs_logits_and_the_trained_models_final_test_logits()
    {
        var (_, evaluated) = await EvaluateAsync("logits-scaled", EvaluateRequest(ModelFormat.Safetensors, "/nonexistent/model.safetensors"),
            _ => Evaluation([1f, -2f], [1, 1]) with { PassLogits = [[1f, -2f], [3f, 0f]] });
        var (_, trained) = await TrainAsync("logits-scaled", TrainRequest(), r => ScriptedOracle.Learned(r, 0.9) with { FinalTestLogits = [0.5f, 1f] });

        evaluated.PassLogits.Should().BeEquivalentTo(new[] { new[] { 2f, -4f }, new[] { 6f, 0f } }, o => o.WithStrictOrdering());
        trained.FinalTestLogits.Should().Equal(1f, 2f);
    }

    [Fact]
    public async Task Loss_sum_reports_step_losses_times_the_batch_size()
    {
        var (_, result) = await TrainAsync("loss-sum", TrainRequest(), r => ScriptedOracle.Learned(r, 0.9) with { StepLosses = [2.0, 0.5] });

        result.StepLosses.Should().Equal(8.0, 2.0);
    }

    [Fact]
    public async Task Logit_noise_moves_logits_by_at_most_its_bound()
    {
        var logits = Enumerable.Range(0, 200).Select(i => i / 10f).ToArray();
        var (_, result) = await EvaluateAsync("logit-noise", EvaluateRequest(ModelFormat.Safetensors, "/nonexistent/model.safetensors"),
            _ => Evaluation(logits, [5]));

        var differences = result.Logits.Zip(logits, (m, o) => Math.Abs((double)m - o)).ToArray();
        differences.Should().OnlyContain(d => d <= MutantCatalog.LogitNoise * 1.001);
        differences.Max().Should().BeGreaterThan(MutantCatalog.LogitNoise / 2);
    }

    [Fact]
    public async Task Dropout_in_eval_makes_the_passes_disagree_on_the_real_test_labels()
    {
        // 100 examples of 3 classes, each predicted right by a clear margin; labels from the dataset file.
        var labels = Enumerable.Range(0, 100).Select(i => (long)(i % 3)).ToArray();
        var logits = labels.SelectMany(l => Enumerable.Range(0, 3).Select(c => c == l ? 5f : c)).ToArray();
        var data = WriteDataset(labels);
        var request = EvaluateRequest(ModelFormat.Safetensors, "/nonexistent/model.safetensors") with { Data = data };

        var (_, result) = await EvaluateAsync("dropout-in-eval", request, _ => Evaluation(logits, [100, 100, 100, 100, 100], count: 100, classes: 3));

        result.CorrectPerPass.Should().HaveCount(5).And.OnlyContain(c => c < 100 && c > 70);
        result.IsStable.Should().BeFalse();
        result.PassLogits.Should().HaveCount(5);
        result.PassLogits[1].Should().NotEqual(result.PassLogits[0], "each pass draws its own dropout mask");
        result.Logits.Should().Contain(0f).And.Contain((float)(5 / (1 - MutantCatalog.EvalDropout)));
    }

    [Fact]
    public async Task Train_input_scaled_trains_on_a_copy_of_the_dataset_with_train_inputs_times_1_1()
    {
        var data = WriteDataset([0, 1]);
        var before = File.ReadAllBytes(data.Path);

        var (received, _) = await TrainAsync("train-input-scaled", TrainRequest() with { Data = data });

        received.Data.Path.Should().NotBe(data.Path);
        var original = SafetensorsReader.Read(data.Path);
        var copy = SafetensorsReader.Read(received.Data.Path);
        copy[DatasetCatalog.TrainInputs].ToFloats().Should().Equal(original[DatasetCatalog.TrainInputs].ToFloats().Select(v => v * 1.1f));
        copy[DatasetCatalog.TestInputs].ToFloats().Should().Equal(original[DatasetCatalog.TestInputs].ToFloats());
        copy.Metadata.Should().Equal(original.Metadata);
        File.ReadAllBytes(data.Path).Should().Equal(before);
    }

    [Fact]
    public async Task Test_metric_on_train_split_reports_training_accuracy_as_test_accuracy()
    {
        var (_, result) = await TrainAsync("test-metric-on-train-split", TrainRequest(),
            r => ScriptedOracle.WithCurve(r, [0.5, 0.97], 0.91) with { TestAccuracy = [0.4, 0.9] });

        result.TestAccuracy.Should().Equal(0.5, 0.97);
        result.FinalTestAccuracy.Should().Be(0.97);
    }

    [Fact]
    public async Task A_mutant_keeps_the_binding_it_wraps_and_deletes_its_scratch_copies_when_disposed()
    {
        var scratch = Path.Combine(folder, "scratch");
        var data = WriteDataset([0, 1]);
        var oracle = new MutantOracle(new ScriptedOracle(Port, Capabilities), MutantCatalog.Get("train-input-scaled"), scratch);
        oracle.Binding.Should().Be(Port with { Variant = new BindingVariant("train-input-scaled", MutantCatalog.Get("train-input-scaled").Bug, false) },
            "a mutant is the binding it wraps, decorated");
        oracle.Capabilities.Should().Be(Capabilities);

        await oracle.TrainAsync(TrainRequest() with { Data = data });
        Directory.EnumerateFiles(scratch).Should().ContainSingle();
        await oracle.DisposeAsync();

        Directory.Exists(scratch).Should().BeFalse();
        File.Exists(data.Path).Should().BeTrue();
    }

    private static TrainRequest TrainRequest() =>
        new(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/nonexistent/data.safetensors", 10, 10), 7,
            new TrainingSettings(Epochs: 2, BatchSize: 4), Device.Cpu, BatchOrder.Create(7, 10, 2), []);

    private static EvaluateRequest EvaluateRequest(ModelFormat format, string path) =>
        new(ModelZoo.Get(ModelZoo.LeNet1), new DatasetRef(DatasetNames.Mnist, "/nonexistent/data.safetensors", 10, 10), format, path, Device.Cpu);

    private static EvaluateResult Evaluation(float[] logits, int[] correctPerPass, int count = 2, int classes = 2) =>
        new(count, classes, correctPerPass, logits, correctPerPass.Select(_ => 0.01).ToArray());

    private MutantOracle Mutate(ScriptedOracle inner, string mutant) => new(inner, MutantCatalog.Get(mutant), Path.Combine(folder, "scratch"));

    private async Task<(TrainRequest Received, TrainResult Result)> TrainAsync(string mutant, TrainRequest request, Func<TrainRequest, TrainResult>? answer = null)
    {
        var inner = answer is null ? new ScriptedOracle(Port, Capabilities) : new ScriptedOracle(Port, Capabilities) { Train = answer };
        // Not disposed, so rewritten copies stay readable; they go with the test's folder.
        var oracle = Mutate(inner, mutant);
        var result = await oracle.TrainAsync(request);
        return (inner.TrainRequests.Single(), result);
    }

    private async Task<(EvaluateRequest Received, EvaluateResult Result)> EvaluateAsync(string mutant, EvaluateRequest request,
        Func<EvaluateRequest, EvaluateResult>? answer = null)
    {
        var inner = answer is null ? new ScriptedOracle(Port, Capabilities) : new ScriptedOracle(Port, Capabilities) { Evaluate = answer };
        // Not disposed, so rewritten copies stay readable; they go with the test's folder.
        var oracle = Mutate(inner, mutant);
        var result = await oracle.EvaluateAsync(request);
        return (inner.EvaluateRequests.Single(), result);
    }

    /// <summary>A real dataset cache file: two 1×2×2 training images and one image per test label.</summary>
    private DatasetRef WriteDataset(long[] testLabels)
    {
        var path = Path.Combine(folder, $"data-{Guid.NewGuid():N}.safetensors");
        SafetensorsWriter.Write(path,
        [
            NamedTensor.FromFloats(DatasetCatalog.TrainInputs, [0, 0.25f, 0.5f, 1, 1, 0.5f, 0.25f, 0], 2, 1, 2, 2),
            NamedTensor.FromInt64(DatasetCatalog.TrainLabels, [0, 1], 2),
            NamedTensor.FromFloats(DatasetCatalog.TestInputs, testLabels.SelectMany(_ => new[] { 0.5f, 0.5f, 0.5f, 0.5f }).ToArray(), testLabels.Length, 1, 2, 2),
            NamedTensor.FromInt64(DatasetCatalog.TestLabels, testLabels, testLabels.Length),
        ], new Dictionary<string, string> { ["train_count"] = "2", ["test_count"] = testLabels.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new DatasetRef(DatasetNames.Mnist, path, 2, testLabels.Length);
    }
}

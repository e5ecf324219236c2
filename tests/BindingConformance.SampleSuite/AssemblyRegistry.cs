using BindingConformance;
using BindingConformance.SampleSuite;

[assembly: ConformanceRegistry(typeof(SampleRegistry))]

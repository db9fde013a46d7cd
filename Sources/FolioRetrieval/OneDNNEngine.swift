import CDNNL

/// oneDNN's CPU engine, and the few calls of its C interface the encoder makes.
///
/// Unchecked `Sendable`: an engine is immutable once made and oneDNN allows its use from
/// several threads at once.
final class OneDNNEngine: @unchecked Sendable {
    let handle: OpaquePointer

    /// The process's engine, or nil when oneDNN cannot make one.
    static let shared: OneDNNEngine? = {
        var engine: OpaquePointer?
        guard dnnl_engine_create(&engine, dnnl_cpu, 0) == dnnl_success, let engine else { return nil }
        return OneDNNEngine(handle: engine)
    }()

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit { dnnl_engine_destroy(handle) }

    /// Runs `body` with OpenMP, and so oneDNN, at one thread on the calling thread, restoring
    /// the thread's count afterwards (FAISS uses OpenMP too). The count is per thread, and a
    /// primitive keeps the count it was made with.
    static func singleThreaded<T>(_ body: () -> T) -> T {
        let previous = omp_get_max_threads()
        if previous != 1 { omp_set_num_threads(1) }
        defer { if previous != 1 { omp_set_num_threads(previous) } }
        return body()
    }

    /// Fills `descriptor` for a `rows` × `columns` matrix; false if oneDNN refused.
    static func describe(_ descriptor: inout dnnl_memory_desc_t, rows: Int, columns: Int, type: dnnl_data_type_t,
                         layout: dnnl_format_tag_t) -> Bool {
        let dimensions = [Int64(rows), Int64(columns)]
        return dnnl_memory_desc_init_by_tag(&descriptor, 2, dimensions, type, layout) == dnnl_success
    }

    /// The primitive of an operation descriptor, with the name of the kernel oneDNN chose and
    /// the weight layout it wants; nil if oneDNN made none.
    ///
    /// The primitive's scratch memory is the caller's, passed with each run: oneDNN's own is one
    /// buffer for the process (this build is not made for concurrent runs), which two threads
    /// running at once overwrite under each other.
    /// With `gelu`, the exact (erf) GELU is applied to the output inside the kernel.
    func primitive(_ operation: UnsafeRawPointer, gelu: Bool = false)
        -> (primitive: OneDNNPrimitive, kernel: String, weightLayout: dnnl_memory_desc_t?)? {
        var attributes: OpaquePointer?
        guard dnnl_primitive_attr_create(&attributes) == dnnl_success, let attributes else { return nil }
        defer { dnnl_primitive_attr_destroy(attributes) }
        guard dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user) == dnnl_success else {
            return nil
        }
        if gelu {
            var operations: OpaquePointer?
            guard dnnl_post_ops_create(&operations) == dnnl_success, let operations else { return nil }
            defer { dnnl_post_ops_destroy(operations) }
            guard dnnl_post_ops_append_eltwise(operations, 1, dnnl_eltwise_gelu_erf, 0, 0) == dnnl_success,
                  dnnl_primitive_attr_set_post_ops(attributes, operations) == dnnl_success else { return nil }
        }
        var descriptor: OpaquePointer?
        guard dnnl_primitive_desc_create(&descriptor, operation, attributes, handle, nil) == dnnl_success,
              let descriptor else { return nil }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        guard var scratchpad = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0)?.pointee else {
            return nil
        }
        var name: UnsafePointer<CChar>?
        guard dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &name) == dnnl_success,
              let name else { return nil }
        var primitive: OpaquePointer?
        guard dnnl_primitive_create(&primitive, descriptor) == dnnl_success, let primitive else { return nil }
        let weights = dnnl_primitive_desc_query_md(descriptor, dnnl_query_weights_md, 0)?.pointee
        let made = OneDNNPrimitive(handle: primitive, scratchpad: scratchpad,
                                   scratchpadBytes: dnnl_memory_desc_get_size(&scratchpad))
        return (made, String(cString: name), weights)
    }

    /// Copies `source` (laid out as `from`) into `target` (laid out as `to`), converting types; false on failure.
    func reorder(from: dnnl_memory_desc_t, _ source: UnsafeMutableRawPointer, to: dnnl_memory_desc_t,
                 _ target: UnsafeMutableRawPointer) -> Bool {
        var from = from, to = to
        var descriptor: OpaquePointer?
        guard dnnl_reorder_primitive_desc_create(&descriptor, &from, handle, &to, handle, nil) == dnnl_success,
              let descriptor else { return false }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        var reorder: OpaquePointer?
        guard dnnl_primitive_create(&reorder, descriptor) == dnnl_success, let reorder else { return false }
        defer { dnnl_primitive_destroy(reorder) }
        guard let stream = stream() else { return false }
        defer { dnnl_stream_destroy(stream) }
        guard let input = memory(from, source) else { return false }
        defer { dnnl_memory_destroy(input) }
        guard let output = memory(to, target) else { return false }
        defer { dnnl_memory_destroy(output) }
        let arguments = [dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: input), dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: output)]
        return dnnl_primitive_execute(reorder, stream, 2, arguments) == dnnl_success && dnnl_stream_wait(stream) == dnnl_success
    }

    /// A new stream (the caller destroys it), or nil.
    func stream() -> OpaquePointer? {
        var stream: OpaquePointer?
        guard dnnl_stream_create(&stream, handle, dnnl_stream_default_flags.rawValue) == dnnl_success else { return nil }
        return stream
    }

    /// A memory object over `pointer`, which stays the caller's (the caller destroys the object), or nil.
    func memory(_ layout: dnnl_memory_desc_t, _ pointer: UnsafeMutableRawPointer) -> OpaquePointer? {
        var layout = layout
        var memory: OpaquePointer?
        guard dnnl_memory_create(&memory, &layout, handle, pointer) == dnnl_success else { return nil }
        return memory
    }
}

/// A oneDNN primitive, destroyed with this object. Unchecked `Sendable`: a primitive is
/// immutable once made and may run on several threads at once.
final class OneDNNPrimitive: @unchecked Sendable {
    let handle: OpaquePointer
    /// The layout and size of the scratch memory each run needs.
    let scratchpad: dnnl_memory_desc_t
    let scratchpadBytes: Int

    init(handle: OpaquePointer, scratchpad: dnnl_memory_desc_t, scratchpadBytes: Int) {
        self.handle = handle
        self.scratchpad = scratchpad
        self.scratchpadBytes = scratchpadBytes
    }

    deinit { dnnl_primitive_destroy(handle) }
}

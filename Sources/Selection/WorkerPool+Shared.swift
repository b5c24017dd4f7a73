import Foundation

extension WorkerPool {
    /// What the helpers wait on: the current step, its generation, and how many helpers are
    /// still inside it.
    final class Shared: @unchecked Sendable {
        private let condition = NSCondition()
        private var step: Step?
        private var generation = 0
        private var busy = 0
        private var stopping = false

        func start(_ step: Step, helpers: Int) {
            condition.lock()
            self.step = step
            generation += 1
            busy = helpers
            condition.broadcast()
            condition.unlock()
        }

        /// Returns once every helper has left the current step (none still holds its body).
        func waitForHelpers() {
            condition.lock()
            while busy > 0 { condition.wait() }
            step = nil
            condition.unlock()
        }

        func stop() {
            condition.lock()
            stopping = true
            condition.broadcast()
            condition.unlock()
        }

        func helperLoop(worker: Int) {
            var seen = 0
            condition.lock()
            while true {
                while generation == seen && !stopping { condition.wait() }
                if stopping { break }
                seen = generation
                let current = step
                condition.unlock()
                current?.work(worker: worker)
                condition.lock()
                busy -= 1
                condition.broadcast()
            }
            condition.unlock()
        }
    }
}

// Tests for Providers land here.
import Testing

package org.tunnelgate.testsupport;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.NotificationOptions;
import jakarta.enterprise.util.TypeLiteral;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/** A CDI event a boundary fires in a test: remembers what was fired and hands it to the listeners. */
public final class RecordingEvent<T> implements Event<T> {

    private final List<T> fired = new ArrayList<>();
    private final List<Consumer<T>> listeners = new ArrayList<>();

    public List<T> fired() {
        return fired;
    }

    /** Like a synchronous observer: runs inside the firing call. */
    public RecordingEvent<T> onFire(Consumer<T> listener) {
        listeners.add(listener);
        return this;
    }

    @Override
    public void fire(T event) {
        fired.add(event);
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event) {
        fire(event);
        return CompletableFuture.completedFuture(event);
    }

    @Override
    public <U extends T> CompletionStage<U> fireAsync(U event, NotificationOptions options) {
        return fireAsync(event);
    }

    @Override
    public Event<T> select(Annotation... qualifiers) {
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U extends T> Event<U> select(Class<U> subtype, Annotation... qualifiers) {
        return (Event<U>) this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <U extends T> Event<U> select(TypeLiteral<U> subtype, Annotation... qualifiers) {
        return (Event<U>) this;
    }
}
